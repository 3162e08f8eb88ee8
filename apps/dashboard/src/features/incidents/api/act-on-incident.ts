import { useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  CrossConfirmationInput,
  GuarantorResponseInput,
  IncidentView,
  VerificationChange,
} from '@truce-monitor/domain';
import { api, type ApiError } from '../../../lib/api-client';
import { writeIncidentToCache } from './live-cache';

const base = (id: string) => `/incidents/${encodeURIComponent(id)}`;

/** `POST /api/incidents/:id/verification` (reviewer, admin): along the verification table only. */
export function changeVerification(id: string, change: VerificationChange): Promise<IncidentView> {
  return api.post<IncidentView>(`${base(id)}/verification`, change);
}

/** `POST /api/incidents/:id/responses` (an officer of the responsible guarantor). */
export function answerIncident(id: string, answer: GuarantorResponseInput): Promise<IncidentView> {
  return api.post<IncidentView>(`${base(id)}/responses`, answer);
}

/** `POST /api/incidents/:id/confirmations` (an officer of another guarantor). */
export function confirmIncident(id: string, confirmation: CrossConfirmationInput): Promise<IncidentView> {
  return api.post<IncidentView>(`${base(id)}/confirmations`, confirmation);
}

/**
 * A mutation whose answer is the report's new state: written straight into
 * the cache, so the screen changes before (and regardless of) the live event.
 */
function useIncidentMutation<TInput>(send: (id: string, input: TInput) => Promise<IncidentView>) {
  const queryClient = useQueryClient();
  return useMutation<IncidentView, ApiError, { id: string; input: TInput }>({
    mutationFn: ({ id, input }) => send(id, input),
    onSuccess: (incident) => writeIncidentToCache(queryClient, incident),
  });
}

export const useChangeVerification = () => useIncidentMutation(changeVerification);
export const useAnswerIncident = () => useIncidentMutation(answerIncident);
export const useConfirmIncident = () => useIncidentMutation(confirmIncident);

export interface BulkResult {
  id: string;
  ok: boolean;
  /** The API's reason, for a refused move. */
  problem?: string;
}

/** How many moves run at once: enough to be quick, few enough to keep the server's queue short. */
const BULK_CONCURRENCY = 3;

/**
 * Moves several reports along the same transition, a few at a time; each
 * answer goes into the cache as it comes, and one refusal does not stop the rest.
 */
export function useBulkVerification() {
  const queryClient = useQueryClient();
  return async (ids: readonly string[], change: VerificationChange, onProgress: (done: number) => void): Promise<BulkResult[]> => {
    const results: BulkResult[] = [];
    let next = 0;
    async function worker() {
      while (next < ids.length) {
        const id = ids[next++]!;
        try {
          writeIncidentToCache(queryClient, await changeVerification(id, change));
          results.push({ id, ok: true });
        } catch (error) {
          const apiError = error as ApiError;
          results.push({ id, ok: false, problem: apiError.details?.[0]?.problem ?? apiError.message });
        }
        onProgress(results.length);
      }
    }
    await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, ids.length) }, worker));
    return results;
  };
}
