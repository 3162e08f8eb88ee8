import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { MAX_DAILY_PAGE, type Bulletin, type DailyPoint, type DailySeries, type StatsFilter, type StatsSummary } from '@truce-monitor/domain';
import { api } from '../../../lib/api-client';
import { filterParams } from '../filter';

/** Query keys of the analysis feature: one per endpoint, keyed by the agreement and the filter. */
export const statsKeys = {
  all: ['stats'] as const,
  summary: (agreementId: string, filter: StatsFilter) => [...statsKeys.all, 'summary', agreementId, filter] as const,
  daily: (agreementId: string, filter: StatsFilter) => [...statsKeys.all, 'daily', agreementId, filter] as const,
  bulletin: (agreementId: string, filter: StatsFilter, date: string) => [...statsKeys.all, 'bulletin', agreementId, filter, date] as const,
};

const params = (agreementId: string, filter: StatsFilter) => ({ agreementId, ...filterParams(filter) });

/** `GET /api/stats/summary`. */
export const summaryQueryOptions = (agreementId: string, filter: StatsFilter) =>
  queryOptions({
    queryKey: statsKeys.summary(agreementId, filter),
    queryFn: ({ signal }) => api.get<StatsSummary>('/stats/summary', { params: params(agreementId, filter), signal }),
    placeholderData: keepPreviousData,
  });

export const useStatsSummary = (agreementId: string, filter: StatsFilter) => useQuery(summaryQueryOptions(agreementId, filter));

/** `GET /api/stats/daily`, every page of it (a page holds up to ten years of days). */
export const dailyQueryOptions = (agreementId: string, filter: StatsFilter) =>
  queryOptions({
    queryKey: statsKeys.daily(agreementId, filter),
    queryFn: async ({ signal }) => {
      const days: DailyPoint[] = [];
      let after: string | null = null;
      let first: DailySeries | null = null;
      do {
        const page: DailySeries = await api.get<DailySeries>('/stats/daily', {
          params: { ...params(agreementId, filter), limit: MAX_DAILY_PAGE, after: after ?? undefined },
          signal,
        });
        first ??= page;
        days.push(...page.days);
        after = page.nextAfter;
      } while (after);
      return { ...first, days, nextAfter: null } satisfies DailySeries;
    },
    placeholderData: keepPreviousData,
  });

export const useDailySeries = (agreementId: string, filter: StatsFilter) => useQuery(dailyQueryOptions(agreementId, filter));

/** `GET /api/stats/bulletin?date=…`: the bulletin takes the filter without its time range. */
export const useBulletin = (agreementId: string, filter: StatsFilter, date: string | null) => {
  const { from: _from, to: _to, ...rest } = filter;
  const dayless = rest as StatsFilter;
  return useQuery({
    queryKey: statsKeys.bulletin(agreementId, dayless, date ?? ''),
    queryFn: ({ signal }) => api.get<Bulletin>('/stats/bulletin', { params: { ...params(agreementId, dayless), date: date ?? undefined }, signal }),
    enabled: date !== null,
  });
};
