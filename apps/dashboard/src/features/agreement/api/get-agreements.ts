import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AgreementView } from '@truce-monitor/domain';
import { api } from '../../../lib/api-client';
import type { QueryConfig } from '../../../lib/react-query';
import { agreementKeys } from './agreement-keys';

export function getAgreements({ signal }: { signal?: AbortSignal } = {}): Promise<AgreementView[]> {
  return api.get<AgreementView[]>('/agreements', { signal });
}

export function getAgreementsQueryOptions() {
  return queryOptions({
    queryKey: agreementKeys.list(),
    queryFn: ({ signal }) => getAgreements({ signal }),
    // Agreements change rarely (an admin edits the registry); live events do not carry them.
    staleTime: 5 * 60_000,
  });
}

export function useAgreements({ queryConfig }: { queryConfig?: QueryConfig<typeof getAgreementsQueryOptions> } = {}) {
  return useQuery({ ...getAgreementsQueryOptions(), ...queryConfig });
}
