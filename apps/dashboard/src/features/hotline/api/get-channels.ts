import { queryOptions, useQuery } from '@tanstack/react-query';
import type { HotlineChannelView } from '@truce-monitor/domain';
import { api } from '../../../lib/api-client';
import { hotlineKeys } from './hotline-keys';

/** `GET /api/hotline/channels`: an officer gets the channels of its guarantor, an admin every channel. */
export function getChannels({ signal }: { signal?: AbortSignal } = {}): Promise<HotlineChannelView[]> {
  return api.get<HotlineChannelView[]>('/hotline/channels', { signal });
}

export const channelsQueryOptions = () =>
  queryOptions({
    queryKey: hotlineKeys.channels(),
    queryFn: ({ signal }) => getChannels({ signal }),
    staleTime: 5 * 60_000,
  });

export const useChannels = () => useQuery(channelsQueryOptions());
