import { statsFilterSchema, type DisputedReading, type StatsFilter, type StatsFilterInput } from '@truce-monitor/domain';

/**
 * The analysis view's state lives in the address: the statistics filter the
 * API takes (validated with the API's own schema) and two view options. A
 * copied address opens the same view; a reload keeps it.
 */

export const FILTER_KEYS = ['from', 'to', 'governorates', 'parties', 'eventTypes', 'minVerification'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** Which count the charts draw: disputed exclusions counted as violations, or not. */
export const READINGS: readonly { value: DisputedReading; label: string }[] = [
  { value: 'withoutDisputed', label: 'Violations only' },
  { value: 'withDisputed', label: 'Violations and disputed exclusions' },
];

export interface AnalysisState {
  /** The filter as validated by the shared schema (agreement left to the current one). */
  filter: StatsFilter;
  /** Problems with the address's filter, per field; the filter falls back to no filter. */
  problems: Record<string, string>;
  reading: DisputedReading;
  /** The bulletin's day, when one was chosen. */
  day: string | null;
}

const LIST_KEYS = new Set<FilterKey>(['governorates', 'parties', 'eventTypes']);

/** Reads the view from a query string (`?from=…&governorates=SY-DI,SY-HL&reading=withDisputed&day=…`). */
export function parseAnalysisSearch(search: string): AnalysisState {
  const params = new URLSearchParams(search);
  const input: Record<string, string | string[]> = {};
  for (const key of FILTER_KEYS) {
    const values = params.getAll(key).filter((v) => v !== '');
    if (values.length === 0) continue;
    input[key] = LIST_KEYS.has(key) ? values : values[0]!;
  }
  const parsed = statsFilterSchema.safeParse(input);
  const problems: Record<string, string> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) problems[String(issue.path[0] ?? 'filter')] ??= issue.message;
  const reading = params.get('reading') === 'withDisputed' ? 'withDisputed' : 'withoutDisputed';
  const day = params.get('day');
  return {
    filter: parsed.success ? parsed.data : statsFilterSchema.parse({}),
    problems,
    reading,
    day: day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null,
  };
}

/** The query string (without `?`) of a view: only what differs from the defaults, lists comma-separated. */
export function analysisSearch(state: { filter: StatsFilterInput; reading: DisputedReading; day: string | null }): string {
  const q = new URLSearchParams();
  const f = state.filter;
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', f.to);
  for (const key of ['governorates', 'parties', 'eventTypes'] as const) {
    const v = f[key];
    if (Array.isArray(v) && v.length) q.set(key, v.join(','));
  }
  if (f.minVerification && f.minVerification !== 'reported') q.set('minVerification', f.minVerification as string);
  if (state.reading !== 'withoutDisputed') q.set('reading', state.reading);
  if (state.day) q.set('day', state.day);
  // Commas stay commas, so a shared address reads `governorates=SY-DI,SY-HL`.
  return q.toString().replace(/%2C/gi, ',');
}

/** The API's query parameters for a filter (the current agreement is the API's default). */
export function filterParams(filter: StatsFilter): Record<string, string | undefined> {
  return {
    from: filter.from,
    to: filter.to,
    governorates: filter.governorates?.join(','),
    parties: filter.parties?.join(','),
    eventTypes: filter.eventTypes?.join(','),
    minVerification: filter.minVerification,
  };
}
