import type { QueryClient } from '@tanstack/react-query';
import type { IncidentView } from '@truce-monitor/domain';

/**
 * Incidents received live in the last little while, per query client, in the
 * order received. A list request in flight when an event arrives may answer
 * with the state from before it, and its answer would then overwrite the patch
 * made to the cache; the list's query function re-applies what came in since
 * it started, so no live event is lost in that seam.
 */
const receivedByClient = new WeakMap<QueryClient, { incident: IncidentView; at: number }[]>();

/** Far longer than any list request takes. */
const KEEP_MS = 2 * 60_000;

export function recordReceivedIncident(queryClient: QueryClient, incident: IncidentView): void {
  const now = Date.now();
  const received = (receivedByClient.get(queryClient) ?? []).filter((r) => now - r.at < KEEP_MS);
  received.push({ incident, at: now });
  receivedByClient.set(queryClient, received);
}

/** The incidents received at or after `since` (a `Date.now()` value), oldest first. */
export function incidentsReceivedSince(queryClient: QueryClient, since: number): IncidentView[] {
  return (receivedByClient.get(queryClient) ?? []).filter((r) => r.at >= since).map((r) => r.incident);
}
