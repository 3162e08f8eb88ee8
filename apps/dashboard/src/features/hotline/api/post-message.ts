import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { HotlineMessageInput, HotlineMessageView } from '@truce-monitor/domain';
import { api, type ApiError } from '../../../lib/api-client';
import { writeMessageToCache } from './live-cache';

/** `POST /api/hotline/channels/:id/messages` (an officer of one of the channel's guarantors). */
export function postMessage(channelId: string, message: HotlineMessageInput): Promise<HotlineMessageView> {
  return api.post<HotlineMessageView>(`/hotline/channels/${encodeURIComponent(channelId)}/messages`, message);
}

/** `POST /api/hotline/messages/:id/acknowledgements` (an officer of the other side). */
export function acknowledgeMessage(messageId: string): Promise<HotlineMessageView> {
  return api.post<HotlineMessageView>(`/hotline/messages/${encodeURIComponent(messageId)}/acknowledgements`, {});
}

export function usePostMessage(channelId: string) {
  const queryClient = useQueryClient();
  return useMutation<HotlineMessageView, ApiError, HotlineMessageInput>({
    mutationFn: (message) => postMessage(channelId, message),
    onSuccess: (message) => writeMessageToCache(queryClient, message),
  });
}

export function useAcknowledgeMessage() {
  const queryClient = useQueryClient();
  return useMutation<HotlineMessageView, ApiError, string>({
    mutationFn: (messageId) => acknowledgeMessage(messageId),
    onSuccess: (message) => writeMessageToCache(queryClient, message),
  });
}
