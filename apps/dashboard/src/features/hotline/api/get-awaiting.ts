import { queryOptions, useQuery } from '@tanstack/react-query';
import { MAX_HOTLINE_PAGE, type HotlineMessageView } from '@truce-monitor/domain';
import { api } from '../../../lib/api-client';
import { hotlineKeys } from './hotline-keys';

/** What awaits acknowledgement on a channel: every such message the server holds (up to a page), and whether more remain. */
export interface AwaitingList {
  messages: HotlineMessageView[];
  more: boolean;
}

/**
 * `GET /api/hotline/channels/:id/messages?awaiting=any`: the channel's messages
 * still owed an acknowledgement by any of its guarantors, by deadline; the
 * panel shows both sides' (what the viewer owes, and what it waits for).
 */
export async function getAwaitingMessages(channelId: string, { signal }: { signal?: AbortSignal } = {}): Promise<AwaitingList> {
  const page = await api.get<HotlineMessageView[]>(`/hotline/channels/${encodeURIComponent(channelId)}/messages`, {
    params: { awaiting: 'any', limit: MAX_HOTLINE_PAGE },
    signal,
  });
  return { messages: page, more: page.length === MAX_HOTLINE_PAGE };
}

export const awaitingQueryOptions = (channelId: string) =>
  queryOptions({
    queryKey: hotlineKeys.awaiting(channelId),
    queryFn: ({ signal }) => getAwaitingMessages(channelId, { signal }),
    // Kept current by the live socket.
    staleTime: 5 * 60_000,
  });

export const useAwaitingMessages = (channelId: string) => useQuery(awaitingQueryOptions(channelId));
