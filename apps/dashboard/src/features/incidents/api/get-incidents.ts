import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { QueryConfig } from '../../../lib/react-query';
import { incidentKeys, type IncidentListFilter } from './incident-keys';
import { upsertIntoPage, type IncidentPage } from './incident-page';
import { incidentsReceivedSince } from './received-live';

export type { IncidentPage } from './incident-page';

/**
 * How many of the newest reports the live views hold: the most the API pages
 * at once. The feed, the map, the officer's queue and the review queue all read
 * this one list, so one fetch and one live patch keep them all in step.
 */
export const LIVE_WINDOW = 500;

export function getIncidents(filter: IncidentListFilter, { signal }: { signal?: AbortSignal } = {}): Promise<IncidentPage> {
  return api.get<IncidentPage>('/incidents', { params: { agreementId: filter.agreementId, limit: filter.limit }, signal });
}

export function getIncidentsQueryOptions(filter: IncidentListFilter) {
  return queryOptions({
    queryKey: incidentKeys.list(filter),
    queryFn: async ({ signal, client }) => {
      const startedAt = Date.now();
      const page = await getIncidents(filter, { signal });
      // What came in live while this request was in flight may be missing from its answer.
      return incidentsReceivedSince(client, startedAt)
        .filter((incident) => incident.agreementId === filter.agreementId)
        .reduce(upsertIntoPage, page);
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

/** The newest reports of an agreement, live: the list every live view shares. */
export function useLiveIncidents(agreementId: string) {
  return useIncidents({ filter: { agreementId, limit: LIVE_WINDOW } });
}
