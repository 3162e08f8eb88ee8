import type { AuthUser, AgreementView, GuarantorCode, IncidentView } from '@truce-monitor/domain';

/** Where a report stands against its guarantor's deadline at an instant. */
export type DeadlineState =
  | { kind: 'not_routed' }
  | { kind: 'answered'; at: string; /** negative when answered after the deadline */ marginMs: number }
  | { kind: 'pending'; deadline: string; remainingMs: number }
  | { kind: 'overdue'; deadline: string; overdueMs: number };

export function deadlineState(incident: IncidentView, now: number): DeadlineState {
  if (incident.responsibleGuarantor === null || incident.acknowledgeBy === null) return { kind: 'not_routed' };
  const deadline = Date.parse(incident.acknowledgeBy);
  if (incident.acknowledgedAt !== null) {
    return { kind: 'answered', at: incident.acknowledgedAt, marginMs: deadline - Date.parse(incident.acknowledgedAt) };
  }
  // The server's word (`overdue`, or an `incident.overdue` event) counts even if this clock runs slow.
  if (incident.overdue || deadline <= now) return { kind: 'overdue', deadline: incident.acknowledgeBy, overdueMs: Math.max(0, now - deadline) };
  return { kind: 'pending', deadline: incident.acknowledgeBy, remainingMs: deadline - now };
}

export function isAwaitingAnswer(incident: IncidentView): boolean {
  return incident.responsibleGuarantor !== null && incident.acknowledgedAt === null;
}

export function isOverdue(incident: IncidentView, now: number): boolean {
  return deadlineState(incident, now).kind === 'overdue';
}

export interface OfficerQueue {
  /** Routed to this guarantor and not yet answered: overdue first, then by deadline. */
  awaiting: IncidentView[];
  /** Routed to this guarantor and answered, latest answer first. */
  answered: IncidentView[];
  /** Routed to another guarantor, not yet cross-confirmed by this one, newest first. */
  toConfirm: IncidentView[];
}

/** The officer's work, from the reports held: what it must answer, and what it may cross-confirm. */
export function officerQueue(items: readonly IncidentView[], guarantor: GuarantorCode, now: number): OfficerQueue {
  const work = officerWork(items, guarantor);
  return { ...work, awaiting: sortForQueue(work.awaiting, now) };
}

/** The awaiting reports in queue order at `now`: overdue first, then by deadline. */
export function sortForQueue(awaiting: readonly IncidentView[], now: number): IncidentView[] {
  return [...awaiting].sort((a, b) => compareForQueue(a, b, now));
}

/**
 * The officer's work without the order that depends on the clock (`awaiting`
 * unsorted): what changes only when the reports do, to be worked out once per
 * change rather than every second.
 */
export function officerWork(items: readonly IncidentView[], guarantor: GuarantorCode): OfficerQueue {
  const mine = items.filter((i) => i.responsibleGuarantor === guarantor);
  const awaiting = mine.filter(isAwaitingAnswer);
  const answered = mine
    .filter((i) => !isAwaitingAnswer(i))
    .sort((a, b) => Date.parse(lastAnswerAt(b)) - Date.parse(lastAnswerAt(a)));
  const toConfirm = items
    .filter(
      (i) =>
        i.responsibleGuarantor !== null &&
        i.responsibleGuarantor !== guarantor &&
        !i.confirmations.some((c) => c.guarantor === guarantor),
    )
    .sort((a, b) => Date.parse(b.reportedAt) - Date.parse(a.reportedAt));
  return { awaiting, answered, toConfirm };
}

/** Overdue before pending; within each, the earliest deadline first; the report id breaks ties so the order is stable. */
export function compareForQueue(a: IncidentView, b: IncidentView, now: number): number {
  const overdueA = isOverdue(a, now);
  const overdueB = isOverdue(b, now);
  if (overdueA !== overdueB) return overdueA ? -1 : 1;
  const byDeadline = Date.parse(a.acknowledgeBy ?? '') - Date.parse(b.acknowledgeBy ?? '');
  return byDeadline || a.id.localeCompare(b.id);
}

/** When the report was last answered (or, unanswered, reported): the answered list's order. */
export function lastAnswerAt(incident: IncidentView): string {
  return incident.responses.at(-1)?.at ?? incident.acknowledgedAt ?? incident.reportedAt;
}

/** The latest confirmation of each guarantor that has given one (a later one replaces an earlier one). */
export function latestConfirmations(incident: IncidentView): IncidentView['confirmations'] {
  const latest = new Map<GuarantorCode, IncidentView['confirmations'][number]>();
  for (const c of incident.confirmations) latest.set(c.guarantor, c);
  return [...latest.values()];
}

/** What the signed-in user may do with a report; the API checks the same and has the last word. */
export function allowedActions(user: AuthUser, incident: IncidentView, agreement: AgreementView) {
  const routed = incident.responsibleGuarantor !== null;
  const officerOf = user.role === 'officer' ? user.guarantor : null;
  return {
    verify: user.role === 'reviewer' || user.role === 'admin',
    answer: routed && officerOf !== null && officerOf === incident.responsibleGuarantor,
    confirm:
      routed &&
      officerOf !== null &&
      officerOf !== incident.responsibleGuarantor &&
      agreement.guarantors.some((g) => g.code === officerOf),
  };
}
