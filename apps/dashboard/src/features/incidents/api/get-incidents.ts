import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { api } from '../../../lib/api-client';
import type { QueryConfig } from '../../../lib/react-query';
import { incidentKeys, type IncidentListFilter } from './incident-keys';
import { incidentListParams } from '@truce-monitor/domain';
import { applyToFilteredPage, type IncidentPage } from './incident-page';
import { incidentsReceivedSince } from './received-live';

export type { IncidentPage } from './incident-page';

/**
 * How many reports a live list holds at first: the most the API pages at
 * once. The feed and the map share the newest ones; each queue asks the
 * server for its own (filtered and ordered there); live events keep them all current.
 */
export const LIVE_WINDOW = 500;

export function getIncidents(filter: IncidentListFilter, { signal }: { signal?: AbortSignal } = {}): Promise<IncidentPage> {
  return api.get<IncidentPage>('/incidents', { params: incidentListParams(filter), signal });
}

export function getIncidentsQueryOptions(filter: IncidentListFilter) {
  return queryOptions({
    queryKey: incidentKeys.list(filter),
    queryFn: async ({ signal, client }) => {
      const startedAt = Date.now();
      const page = await getIncidents(filter, { signal });
      // What came in live while this request was in flight may be missing from its answer.
      return incidentsReceivedSince(client, startedAt).reduce((p, incident) => applyToFilteredPage(p, incident, filter), page);
    },
  });
}

export function useIncidents({
  filter,
  queryConfig,
}: {
  filter: IncidentListFilter;
  queryConfig?: QueryConfig<typeof getIncidentsQueryOptions>;
}) {
  return useQuery({ ...getIncidentsQueryOptions(filter), ...queryConfig });
}

/**
 * A list the server filters and orders (a queue), kept current live: reports
 * join and leave it as their state changes. The first LIVE_WINDOW of them.
 */
export function useFilteredIncidents(filter: Omit<IncidentListFilter, 'limit'>, { enabled = true }: { enabled?: boolean } = {}) {
  return useIncidents({ filter: { ...filter, limit: LIVE_WINDOW }, queryConfig: { enabled } });
}

/** The newest reports of an agreement, live: the list the feed and the map share. */
export function useLiveIncidents(agreementId: string) {
  return useIncidents({ filter: { agreementId, limit: LIVE_WINDOW } });
}

/**
 * Brings the next older page of an agreement's reports into the live list, so
 * the feed can go back as far as the record goes; the live window's first page
 * and everything that arrives live stay as they are. Pages are appended once each.
 */
export function useLoadOlderIncidents(agreementId: string) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ loading: boolean; error: string | null }>({ loading: false, error: null });
  const inFlight = useRef(false);

  const loadOlder = useCallback(async () => {
    const key = incidentKeys.list({ agreementId, limit: LIVE_WINDOW });
    const page = queryClient.getQueryData<IncidentPage>(key);
    if (inFlight.current || !page?.nextCursor) return;
    inFlight.current = true;
    setState({ loading: true, error: null });
    try {
      const older = await api.get<IncidentPage>('/incidents', { params: { agreementId, limit: LIVE_WINDOW, cursor: page.nextCursor } });
      queryClient.setQueryData<IncidentPage>(key, (current) => {
        // The list was fetched again meanwhile (a resync): this page no longer follows it.
        if (!current || current.nextCursor !== page.nextCursor) return current;
        const held = new Set(current.items.map((i) => i.id));
        return { items: [...current.items, ...older.items.filter((i) => !held.has(i.id))], nextCursor: older.nextCursor };
      });
      setState({ loading: false, error: null });
    } catch (error) {
      setState({ loading: false, error: error instanceof Error ? error.message : String(error) });
    } finally {
      inFlight.current = false;
    }
  }, [queryClient, agreementId]);

  return { loadOlder, ...state };
}
