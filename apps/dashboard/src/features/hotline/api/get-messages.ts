import { queryOptions, useQuery } from '@tanstack/react-query';
import type { HotlineMessageView } from '@truce-monitor/domain';
import { api } from '../../../lib/api-client';
import { hotlineKeys } from './hotline-keys';

/** The most `GET …/messages` answers at once. */
const PAGE = 500;

/**
 * The whole conversation of a channel, oldest first: page after page (`after`
 * the last message of the previous one) until a page comes back short. A
 * hotline carries tens of messages a day, so the whole of it is small.
 */
export async function getMessages(channelId: string, { signal }: { signal?: AbortSignal } = {}): Promise<HotlineMessageView[]> {
  const all: HotlineMessageView[] = [];
  for (;;) {
    const after = all.at(-1)?.id;
    const page = await api.get<HotlineMessageView[]>(`/hotline/channels/${encodeURIComponent(channelId)}/messages`, {
      params: { limit: PAGE, after },
      signal,
    });
    all.push(...page);
    if (page.length < PAGE) return all;
  }
}

export const messagesQueryOptions = (channelId: string) =>
  queryOptions({
    queryKey: hotlineKeys.messages(channelId),
    queryFn: ({ signal }) => getMessages(channelId, { signal }),
    // Kept current by the live socket.
    staleTime: 5 * 60_000,
  });

export const useMessages = (channelId: string | null) =>
  useQuery({ ...messagesQueryOptions(channelId ?? ''), enabled: channelId !== null });
