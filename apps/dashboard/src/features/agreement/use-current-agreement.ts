import type { AgreementView } from '@truce-monitor/domain';
import { useAgreements } from './api/get-agreements';

/**
 * The agreement the operations screen watches. Until there is an agreement
 * picker it is the first one the API lists: the seeded truce of 29 December 2016.
 */
export function useCurrentAgreement() {
  const query = useAgreements();
  const agreement: AgreementView | undefined = query.data?.[0];
  return {
    agreement,
    isPending: query.isPending,
    error: query.error,
    /** Loaded, and the API lists no agreement at all. */
    isMissing: query.isSuccess && !agreement,
    refetch: query.refetch,
  };
}
