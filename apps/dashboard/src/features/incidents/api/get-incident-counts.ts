import { queryOptions, useQuery } from '@tanstack/react-query';
import type { IncidentCounts } from '@truce-monitor/domain';
import { api } from '../../../lib/api-client';
import { incidentKeys } from './incident-keys';

/** `GET /api/incidents/counts?by=verification` (reviewers, admins): how many reports each verification state holds, in one request. */
export function getVerificationCounts(agreementId: string, { signal }: { signal?: AbortSignal } = {}): Promise<IncidentCounts> {
  return api.get<IncidentCounts>('/incidents/counts', { params: { agreementId, by: 'verification' }, signal });
}

export const verificationCountsQueryOptions = (agreementId: string) =>
  queryOptions({
    queryKey: incidentKeys.counts(agreementId),
    queryFn: ({ signal }) => getVerificationCounts(agreementId, { signal }),
    // Asked again when a live event moves a report between states (see live-cache).
    staleTime: 5 * 60_000,
  });

export const useVerificationCounts = (agreementId: string) => useQuery(verificationCountsQueryOptions(agreementId));
