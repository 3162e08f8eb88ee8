import type { QueryClient } from '@tanstack/react-query';
import type { GuarantorCode, HotlineChannelView, HotlineMessageView } from '@truce-monitor/domain';
import type { LiveEventHandlers } from '../../../lib/live-socket';
import { agreementKeys } from '../../agreement/api/agreement-keys';
import type { AwaitingList } from './get-awaiting';
import type { Conversation } from './get-messages';
import { hotlineKeys } from './hotline-keys';

/** How hotline events land in the query cache: the socket only delivers, the conversation on screen follows. */
export function hotlineLiveHandlers(queryClient: QueryClient): LiveEventHandlers {
  return {
    'hotline.message': (event) => writeMessageToCache(queryClient, event.data),
    'hotline.acknowledged': ({ data }) =>
      patchMessage(queryClient, data.channelId, data.messageId, (m) => acknowledged(m, data.byGuarantor, data.at)),
    'hotline.overdue': ({ data }) =>
      patchMessage(queryClient, data.channelId, data.messageId, (m) => ({ ...m, awaiting: data.awaiting, ackBy: data.ackBy, overdue: data.awaiting.length > 0 })),
    'hotline.channel_opened': ({ data }) => writeChannelToCache(queryClient, data),
  };
}

/** A channel just opened (the event reaches only those who may read it): it joins the channel list, and the agreement that names its channels is fetched again. */
export function writeChannelToCache(queryClient: QueryClient, channel: HotlineChannelView): void {
  const key = hotlineKeys.channels();
  queryClient.setQueryData<HotlineChannelView[]>(key, (held) => held && (held.some((c) => c.id === channel.id) ? held : [...held, channel]));
  refetchIfInFlight(queryClient, key);
  void queryClient.invalidateQueries({ queryKey: agreementKeys.detail(channel.agreementId) });
}

/** For when live events may have been missed and cannot be replayed: what awaits acknowledgement, and the channels, fetched again. */
export function refetchHotlineSummaries(queryClient: QueryClient): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: hotlineKeys.awaitingAll() }),
    queryClient.invalidateQueries({ queryKey: hotlineKeys.channels() }),
  ]).then(() => undefined);
}

/** A message as the API or the socket gave it: replaces the cached copy, or joins the conversation in time order. */
export function writeMessageToCache(queryClient: QueryClient, message: HotlineMessageView): void {
  writeAwaiting(queryClient, message);
  const key = hotlineKeys.messages(message.channelId);
  if (queryClient.getQueryData(key) === undefined) return; // not open: fetched whole when it is
  queryClient.setQueryData<Conversation>(key, (held) => held && { ...held, messages: upsertMessage(held.messages, message) });
  refetchIfInFlight(queryClient, key);
}

function patchMessage(queryClient: QueryClient, channelId: string, messageId: string, patch: (m: HotlineMessageView) => HotlineMessageView): void {
  const key = hotlineKeys.messages(channelId);
  queryClient.setQueryData<Conversation>(key, (held) => held && { ...held, messages: held.messages.map((m) => (m.id === messageId ? patch(m) : m)) });
  refetchIfInFlight(queryClient, key);
  const awaitingKey = hotlineKeys.awaiting(channelId);
  queryClient.setQueryData<AwaitingList>(awaitingKey, (held) => {
    const found = held?.messages.find((m) => m.id === messageId);
    if (!held || !found) return held;
    const next = patch(found);
    const messages = stillAwaited(next) ? held.messages.map((m) => (m.id === messageId ? next : m)) : held.messages.filter((m) => m.id !== messageId);
    return { ...held, messages };
  });
  afterAwaitingChange(queryClient, channelId);
}

const stillAwaited = (m: HotlineMessageView) => m.ackBy !== null && m.awaiting.length > 0;

/** The server's list of what awaits acknowledgement follows a message as it is now: in it while owed, out once not. */
function writeAwaiting(queryClient: QueryClient, message: HotlineMessageView): void {
  const key = hotlineKeys.awaiting(message.channelId);
  queryClient.setQueryData<AwaitingList>(key, (held) => {
    if (!held) return held; // not shown: fetched when it is
    const present = held.messages.some((m) => m.id === message.id);
    if (stillAwaited(message)) return { ...held, messages: upsertMessage(held.messages, message) };
    return present ? { ...held, messages: held.messages.filter((m) => m.id !== message.id) } : held;
  });
  afterAwaitingChange(queryClient, message.channelId);
}

/** A list cut at a page may hold only part of what awaits: after a change, the server says again; one in flight is asked again. */
function afterAwaitingChange(queryClient: QueryClient, channelId: string): void {
  const key = hotlineKeys.awaiting(channelId);
  if (queryClient.getQueryData<AwaitingList>(key)?.more) void queryClient.invalidateQueries({ queryKey: key, exact: true });
  else refetchIfInFlight(queryClient, key);
}

/** A fetch that started before this event may answer without it: fetch again, so the event is never lost in that seam. */
function refetchIfInFlight(queryClient: QueryClient, key: readonly unknown[]): void {
  if (queryClient.getQueryState(key)?.fetchStatus === 'fetching') void queryClient.invalidateQueries({ queryKey: key, exact: true });
}

export function upsertMessage(messages: readonly HotlineMessageView[], message: HotlineMessageView): HotlineMessageView[] {
  const index = messages.findIndex((m) => m.id === message.id);
  if (index >= 0) {
    const next = messages.slice();
    next[index] = message;
    return next;
  }
  const at = Date.parse(message.sentAt);
  const position = messages.findIndex((m) => Date.parse(m.sentAt) > at);
  const next = messages.slice();
  next.splice(position === -1 ? next.length : position, 0, message);
  return next;
}

/** A message once a guarantor has acknowledged it (the same acknowledgement twice changes nothing). */
export function acknowledged(message: HotlineMessageView, guarantor: GuarantorCode, at: string): HotlineMessageView {
  if (message.acknowledgements.some((a) => a.guarantor === guarantor)) return message;
  const awaiting = message.awaiting.filter((g) => g !== guarantor);
  return {
    ...message,
    acknowledgements: [...message.acknowledgements, { guarantor, at }],
    awaiting,
    overdue: message.overdue && awaiting.length > 0,
  };
}
