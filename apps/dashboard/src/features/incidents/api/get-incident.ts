import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import type { IncidentView } from '@truce-monitor/domain';
import { api } from '../../../lib/api-client';
import type { QueryConfig } from '../../../lib/react-query';
import { incidentKeys } from './incident-keys';
import { cachedIncident } from './live-cache';
import { incidentsReceivedSince } from './received-live';

export function getIncident(id: string, { signal }: { signal?: AbortSignal } = {}): Promise<IncidentView> {
  return api.get<IncidentView>(`/incidents/${encodeURIComponent(id)}`, { signal });
}

export function getIncidentQueryOptions(id: string) {
  return queryOptions({
    queryKey: incidentKeys.detail(id),
    queryFn: async ({ signal, client }) => {
      const startedAt = Date.now();
      const incident = await getIncident(id, { signal });
      // A live update that came in while this request was in flight is newer than its answer.
      const newer = incidentsReceivedSince(client, startedAt).findLast((received) => received.id === id);
      return newer ? { ...newer, filedBy: newer.filedBy ?? incident.filedBy } : incident;
    },
    // Opened from a list: show the copy already held while the full one loads.
    staleTime: 0,
  });
}

export function useIncident({ id, queryConfig }: { id: string; queryConfig?: QueryConfig<typeof getIncidentQueryOptions> }) {
  const queryClient = useQueryClient();
  return useQuery({
    ...getIncidentQueryOptions(id),
    placeholderData: () => cachedIncident(queryClient, id),
    ...queryConfig,
  });
}
