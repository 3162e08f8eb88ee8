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
