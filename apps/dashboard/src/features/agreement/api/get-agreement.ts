import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AgreementView } from '@truce-monitor/domain';
import { api } from '../../../lib/api-client';
import type { QueryConfig } from '../../../lib/react-query';
import { agreementKeys } from './agreement-keys';

export function getAgreement(id: string, { signal }: { signal?: AbortSignal } = {}): Promise<AgreementView> {
  return api.get<AgreementView>(`/agreements/${encodeURIComponent(id)}`, { signal });
}

export function getAgreementQueryOptions(id: string) {
  return queryOptions({
    queryKey: agreementKeys.detail(id),
    queryFn: ({ signal }) => getAgreement(id, { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useAgreement({ id, queryConfig }: { id: string; queryConfig?: QueryConfig<typeof getAgreementQueryOptions> }) {
  return useQuery({ ...getAgreementQueryOptions(id), ...queryConfig });
}
