import type { GuarantorCode, HotlineMessageView } from '@truce-monitor/domain';

/** Where a message stands against the acknowledgement it asked for, at an instant. */
export type AckState =
  | { kind: 'not_asked' }
  | { kind: 'acknowledged'; /** the last acknowledgement */ at: string; /** negative when it came after the deadline */ marginMs: number }
  | { kind: 'pending'; awaiting: GuarantorCode[]; remainingMs: number }
  | { kind: 'overdue'; awaiting: GuarantorCode[]; overdueMs: number };

export function ackState(message: HotlineMessageView, now: number): AckState {
  if (message.ackBy === null) return { kind: 'not_asked' };
  const deadline = Date.parse(message.ackBy);
  if (message.awaiting.length === 0) {
    const last = message.acknowledgements.at(-1)?.at ?? message.sentAt;
    return { kind: 'acknowledged', at: last, marginMs: deadline - Date.parse(last) };
  }
  // The server's word (`overdue`, a `hotline.overdue` event) counts even if this clock runs slow.
  if (message.overdue || deadline <= now) return { kind: 'overdue', awaiting: message.awaiting, overdueMs: Math.max(0, now - deadline) };
  return { kind: 'pending', awaiting: message.awaiting, remainingMs: deadline - now };
}

/** Messages still awaiting an acknowledgement: overdue first, then the nearest deadline; the id breaks ties. */
export function awaitingAcknowledgement(messages: readonly HotlineMessageView[], now: number): HotlineMessageView[] {
  return messages
    .filter((m) => m.ackBy !== null && m.awaiting.length > 0)
    .sort((a, b) => {
      const overdueA = ackState(a, now).kind === 'overdue';
      const overdueB = ackState(b, now).kind === 'overdue';
      if (overdueA !== overdueB) return overdueA ? -1 : 1;
      return Date.parse(a.ackBy!) - Date.parse(b.ackBy!) || a.id.localeCompare(b.id);
    });
}

/** The ids of messages a later message corrects, with the correcting message's id. */
export function correctionsOf(messages: readonly HotlineMessageView[]): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const m of messages) if (m.corrects) by.set(m.corrects, [...(by.get(m.corrects) ?? []), m.id]);
  return by;
}

/** The first words of a message, for a line that names it. */
export function excerpt(body: string, max = 80): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
