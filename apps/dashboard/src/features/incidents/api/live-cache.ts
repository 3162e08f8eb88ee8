import type { QueryClient } from '@tanstack/react-query';
import type { IncidentView } from '@truce-monitor/domain';
import type { LiveEventHandlers } from '../../../lib/live-socket';
import { incidentKeys, type IncidentListFilter } from './incident-keys';
import { applyToFilteredPage, type IncidentPage } from './incident-page';
import { recordReceivedIncident } from './received-live';

/**
 * How live incident events land in React Query, the one cache: the socket only
 * delivers, and every list and detail that holds the incident shows the new state.
 */
export function incidentLiveHandlers(queryClient: QueryClient): LiveEventHandlers {
  return {
    'incident.created': (event) => writeIncidentToCache(queryClient, event.data),
    'incident.updated': (event) => writeIncidentToCache(queryClient, event.data),
    'incident.overdue': (event) => markOverdue(queryClient, event.data.incidentId, event.data.acknowledgeBy),
  };
}

/** For when live events may have been missed and cannot be replayed: fetch the lists again. */
export function refetchIncidentLists(queryClient: QueryClient): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: incidentKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: incidentKeys.countsAll() }),
  ]).then(() => undefined);
}

/** Every cached copy of one report, from the detail query and from every list. */
export function cachedIncident(queryClient: QueryClient, id: string): IncidentView | undefined {
  const detail = queryClient.getQueryData<IncidentView>(incidentKeys.detail(id));
  if (detail) return detail;
  for (const [, page] of queryClient.getQueriesData<IncidentPage>({ queryKey: incidentKeys.lists() })) {
    const found = page?.items.find((item) => item.id === id);
    if (found) return found;
  }
  return undefined;
}

export function writeIncidentToCache(queryClient: QueryClient, received: IncidentView): void {
  // Live events never name the filer (source protection); a reviewer's copy from
  // the API may. Keep what this viewer was already allowed to see.
  const known = cachedIncident(queryClient, received.id);
  const incident = received.filedBy || !known?.filedBy ? received : { ...received, filedBy: known.filedBy };
  // A new report, or one whose state may have changed: the per-state counts are asked again (only a shown query refetches).
  if (known?.verification !== incident.verification) void queryClient.invalidateQueries({ queryKey: incidentKeys.counts(incident.agreementId), exact: true });
  // Also for lists still loading: their query function applies it when their answer comes.
  recordReceivedIncident(queryClient, incident);
  if (queryClient.getQueryData(incidentKeys.detail(incident.id)) !== undefined) {
    queryClient.setQueryData(incidentKeys.detail(incident.id), incident);
  }
  for (const [queryKey, page] of queryClient.getQueriesData<IncidentPage>({ queryKey: incidentKeys.lists() })) {
    const filter = queryKey[2] as IncidentListFilter | undefined;
    if (page === undefined || filter?.agreementId !== incident.agreementId) continue;
    const next = applyToFilteredPage(page, incident, filter);
    if (next !== page) queryClient.setQueryData<IncidentPage>(queryKey, next);
  }
}

/** The server says a report passed its deadline unanswered; the cached copies say so too. */
function markOverdue(queryClient: QueryClient, id: string, acknowledgeBy: string): void {
  const known = cachedIncident(queryClient, id);
  if (known && known.acknowledgedAt === null) writeIncidentToCache(queryClient, { ...known, overdue: true, acknowledgeBy });
}
