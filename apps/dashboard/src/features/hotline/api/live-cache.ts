import type { QueryClient } from '@tanstack/react-query';
import type { GuarantorCode, HotlineMessageView } from '@truce-monitor/domain';
import type { LiveEventHandlers } from '../../../lib/live-socket';
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
  };
}

/** A message as the API or the socket gave it: replaces the cached copy, or joins the conversation in time order. */
export function writeMessageToCache(queryClient: QueryClient, message: HotlineMessageView): void {
  const key = hotlineKeys.messages(message.channelId);
  if (queryClient.getQueryData(key) === undefined) return; // not open: fetched whole when it is
  queryClient.setQueryData<Conversation>(key, (held) => held && { ...held, messages: upsertMessage(held.messages, message) });
  refetchIfInFlight(queryClient, key);
}

function patchMessage(queryClient: QueryClient, channelId: string, messageId: string, patch: (m: HotlineMessageView) => HotlineMessageView): void {
  const key = hotlineKeys.messages(channelId);
  queryClient.setQueryData<Conversation>(key, (held) => held && { ...held, messages: held.messages.map((m) => (m.id === messageId ? patch(m) : m)) });
  refetchIfInFlight(queryClient, key);
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
