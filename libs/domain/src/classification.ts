import type { GuarantorCode, Outcome } from './vocabulary.js';
import { governorateName } from './governorates.js';
import {
  type AgreementRules,
  type ExclusionStanding,
  type PartyRules,
  exclusionStandingAt,
  signatoryStatusAt,
} from './truce-model.js';

/** The facts of a report the rules look at. */
export interface ClassifiableReport {
  occurredAt: string;
  governorate: string;
  perpetratorPartyId: string | null;
  target: { partyId: string } | { civilians: true };
}

export interface Classification {
  outcome: Outcome;
  /** Why, in words a guarantor officer would accept. */
  reasons: string[];
  /** The guarantor that answers for the perpetrator; null when no one answers. */
  responsibleGuarantor: GuarantorCode | null;
}

export class UnknownPartyError extends Error {
  constructor(
    readonly field: 'perpetratorPartyId' | 'target.partyId',
    readonly partyId: string,
  ) {
    super(`party ${partyId} is not a party of this agreement`);
  }
}

const day = (iso: string) => iso.slice(0, 10);

/**
 * Classifies a report by the agreement's rules, against the registry as it
 * stood when the event happened. Pure: the same report and rules always give
 * the same answer, so the API, the dashboard and re-classification agree.
 */
export function classifyIncident(report: ClassifiableReport, rules: AgreementRules): Classification {
  const at = report.occurredAt;
  const t = Date.parse(at);
  const party = (id: string, field: UnknownPartyError['field']): PartyRules => {
    const p = rules.parties.find((x) => x.id === id);
    if (!p) throw new UnknownPartyError(field, id);
    return p;
  };
  // Resolve both parties first so an unknown id is always reported, whatever the outcome.
  const perpetrator = report.perpetratorPartyId === null ? null : party(report.perpetratorPartyId, 'perpetratorPartyId');
  const target = 'partyId' in report.target ? party(report.target.partyId, 'target.partyId') : null;

  if (t < Date.parse(rules.effectiveFrom)) {
    return none('outside_window', [`The event (${at}) happened before the truce took effect (${rules.effectiveFrom}).`]);
  }
  if (rules.effectiveUntil !== null && t >= Date.parse(rules.effectiveUntil)) {
    return none('outside_window', [`The event (${at}) happened after the truce ended (${rules.effectiveUntil}).`]);
  }
  if (rules.scope.kind === 'governorates' && !rules.scope.governorates.some((g) => g === report.governorate)) {
    return none('outside_scope', [
      `${governorateName(report.governorate)} is outside the area the agreement covers.`,
    ]);
  }
  if (perpetrator === null) {
    return none('undetermined', ['The perpetrator is unknown, so no guarantor can be asked to answer for it.']);
  }

  const perpetratorExclusion = exclusionStandingAt(rules, perpetrator.id, at);
  if (perpetratorExclusion?.state === 'agreed') {
    return none('excluded_perpetrator', [
      `${perpetrator.name} is excluded from the truce (${describeExclusion(perpetratorExclusion)}); its acts are logged but no guarantor answers for them.`,
    ]);
  }

  const status = signatoryStatusAt(perpetrator, at);
  if (perpetrator.guarantor === null || status === 'not_signed') {
    const why =
      perpetrator.guarantor === null
        ? `${perpetrator.name} is not a party to the agreement and no guarantor answers for it.`
        : `${perpetrator.name} had not signed the truce on ${day(at)}.`;
    return none('non_party', [why, 'The event is logged; it is not counted as a violation.']);
  }

  const guarantor = perpetrator.guarantor;
  const coveredReason =
    status === 'signed'
      ? `${perpetrator.name} was a signatory on ${day(at)}; ${guarantor} guarantees its compliance.`
      : `${perpetrator.name}'s signatory status on ${day(at)} is unknown; it is treated as covered and ${guarantor} is asked to answer.`;

  if (perpetratorExclusion?.state === 'disputed') {
    return {
      outcome: 'disputed_exclusion',
      reasons: [coveredReason, `${perpetrator.name}'s exclusion is not agreed: ${describeDispute(perpetratorExclusion)}.`],
      responsibleGuarantor: guarantor,
    };
  }

  if (target !== null) {
    const targetExclusion = exclusionStandingAt(rules, target.id, at);
    if (targetExclusion?.state === 'agreed') {
      return none('permitted_excluded_target', [
        `The target, ${target.name}, is excluded from the truce (${describeExclusion(targetExclusion)}); acting against it is permitted.`,
      ]);
    }
    if (targetExclusion?.state === 'disputed') {
      return {
        outcome: 'disputed_exclusion',
        reasons: [
          coveredReason,
          `The target, ${target.name}, is designated as excluded, but ${describeDispute(targetExclusion)}.`,
        ],
        responsibleGuarantor: guarantor,
      };
    }
  }

  const targetText = target === null ? 'civilians' : target.name;
  return {
    outcome: 'violation',
    reasons: [coveredReason, `The target (${targetText}) is not excluded from the truce.`],
    responsibleGuarantor: guarantor,
  };
}

function none(outcome: Outcome, reasons: string[]): Classification {
  return { outcome, reasons, responsibleGuarantor: null };
}

function describeExclusion(standing: ExclusionStanding): string {
  const e = standing.exclusion;
  return e.kind === 'core'
    ? `named in the agreement: ${e.basis}`
    : `designated by ${e.designatedBy ?? 'the agreement'} and accepted by the other guarantors: ${e.basis}`;
}

function describeDispute(standing: Extract<ExclusionStanding, { state: 'disputed' }>): string {
  const by = standing.exclusion.designatedBy ?? 'the agreement';
  const parts = [`designated by ${by} (${standing.exclusion.basis})`];
  if (standing.disputedBy.length) parts.push(`disputed by ${standing.disputedBy.join(', ')}`);
  if (standing.awaiting.length) parts.push(`not yet accepted by ${standing.awaiting.join(', ')}`);
  return parts.join('; ');
}

/** When a routed report must be acknowledged by: the agreement's deadline after it was reported. */
export function acknowledgementDueAt(reportedAt: Date, rules: Pick<AgreementRules, 'acknowledgementDeadlineMinutes'>): Date {
  return new Date(reportedAt.getTime() + rules.acknowledgementDeadlineMinutes * 60_000);
}
