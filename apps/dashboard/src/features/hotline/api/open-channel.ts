import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { HotlineChannelInput, HotlineChannelView } from '@truce-monitor/domain';
import { api, type ApiError } from '../../../lib/api-client';
import { agreementKeys } from '../../agreement/api/agreement-keys';
import { hotlineKeys } from './hotline-keys';

/** `POST /api/hotline/channels` (admin; audited): a new channel between two or more guarantors. */
export function openChannel(channel: HotlineChannelInput): Promise<HotlineChannelView> {
  return api.post<HotlineChannelView>('/hotline/channels', channel);
}

export function useOpenChannel() {
  const queryClient = useQueryClient();
  return useMutation<HotlineChannelView, ApiError, HotlineChannelInput>({
    mutationFn: openChannel,
    onSuccess: async () => {
      // The channel list, and the agreement that names its channels.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: hotlineKeys.channels() }),
        queryClient.invalidateQueries({ queryKey: agreementKeys.all }),
      ]);
    },
  });
}
