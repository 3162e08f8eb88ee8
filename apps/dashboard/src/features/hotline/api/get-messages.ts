import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { HotlineMessageView } from '@truce-monitor/domain';
import { api } from '../../../lib/api-client';
import { hotlineKeys } from './hotline-keys';

/** Messages fetched at a time: the latest first, then older ones as the reader scrolls up. */
export const MESSAGE_PAGE = 100;

/** What is held of a channel's conversation: its latest messages, oldest first, and whether older ones remain on the server. */
export interface Conversation {
  messages: HotlineMessageView[];
  hasOlder: boolean;
}

const messagesPath = (channelId: string) => `/hotline/channels/${encodeURIComponent(channelId)}/messages`;

/** The latest page of a channel (`order=newest`), shown oldest first. */
export async function getLatestMessages(channelId: string, { signal }: { signal?: AbortSignal } = {}): Promise<Conversation> {
  const page = await api.get<HotlineMessageView[]>(messagesPath(channelId), { params: { order: 'newest', limit: MESSAGE_PAGE }, signal });
  return { messages: page.reverse(), hasOlder: page.length === MESSAGE_PAGE };
}

export const messagesQueryOptions = (channelId: string) =>
  queryOptions({
    queryKey: hotlineKeys.messages(channelId),
    queryFn: ({ signal }) => getLatestMessages(channelId, { signal }),
    // Kept current by the live socket.
    staleTime: 5 * 60_000,
  });

export const useMessages = (channelId: string | null) =>
  useQuery({ ...messagesQueryOptions(channelId ?? ''), enabled: channelId !== null });

/** Brings the page before the oldest message held into the conversation (`before=`, newest first), once at a time. */
export function useLoadOlderMessages(channelId: string) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ loading: boolean; error: string | null }>({ loading: false, error: null });
  const inFlight = useRef(false);

  const loadOlder = useCallback(async () => {
    const key = hotlineKeys.messages(channelId);
    const held = queryClient.getQueryData<Conversation>(key);
    const oldest = held?.messages[0];
    if (inFlight.current || !held?.hasOlder || !oldest) return;
    inFlight.current = true;
    setState({ loading: true, error: null });
    try {
      const page = await api.get<HotlineMessageView[]>(messagesPath(channelId), { params: { before: oldest.id, limit: MESSAGE_PAGE } });
      queryClient.setQueryData<Conversation>(key, (current) => {
        // Fetched again meanwhile: this page no longer joins on.
        if (!current || current.messages[0]?.id !== oldest.id) return current;
        const ids = new Set(current.messages.map((m) => m.id));
        return { messages: [...page.filter((m) => !ids.has(m.id)).reverse(), ...current.messages], hasOlder: page.length === MESSAGE_PAGE };
      });
      setState({ loading: false, error: null });
    } catch (error) {
      setState({ loading: false, error: error instanceof Error ? error.message : String(error) });
    } finally {
      inFlight.current = false;
    }
  }, [queryClient, channelId]);

  return { loadOlder, ...state };
}
