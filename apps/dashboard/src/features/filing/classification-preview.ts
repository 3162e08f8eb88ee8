import {
  UnknownPartyError,
  classifyIncident,
  type AgreementRules,
  type AgreementView,
  type Classification,
  type ClassifiableReport,
} from '@truce-monitor/domain';

/** The agreement as the API shows it, in the shape the shared rules read. */
export function rulesFromAgreement(agreement: AgreementView): AgreementRules {
  return {
    id: agreement.id,
    effectiveFrom: agreement.effectiveFrom,
    effectiveUntil: agreement.effectiveUntil,
    scope: agreement.scope,
    acknowledgementDeadlineMinutes: agreement.acknowledgementDeadlineMinutes,
    guarantors: agreement.guarantors.map((g) => g.code),
    parties: agreement.parties.map((p) => ({
      id: p.id,
      name: p.name,
      bloc: p.bloc,
      guarantor: p.guarantor,
      signatoryHistory: p.signatoryHistory.map((h) => ({ status: h.status, from: h.from })),
    })),
    exclusions: agreement.exclusions.map((e) => ({
      id: e.id,
      partyId: e.partyId,
      kind: e.kind,
      designatedBy: e.designatedBy,
      basis: e.basis,
      from: e.from,
      until: e.until,
      positions: e.positions.map((p) => ({ guarantor: p.guarantor, position: p.position, at: p.at })),
    })),
  };
}

/**
 * What the shared rules would make of the report as typed so far, or null
 * while the facts they need are incomplete. Only a preview: the server
 * classifies against the registry as it stands when the report arrives.
 */
export function previewClassification(report: Partial<ClassifiableReport>, rules: AgreementRules): Classification | null {
  const { occurredAt, governorate, perpetratorPartyId, target } = report;
  if (!occurredAt || Number.isNaN(Date.parse(occurredAt)) || !governorate || perpetratorPartyId === undefined || !target) return null;
  if ('partyId' in target && !target.partyId) return null;
  try {
    return classifyIncident({ occurredAt, governorate, perpetratorPartyId, target }, rules);
  } catch (error) {
    if (error instanceof UnknownPartyError) return null;
    throw error;
  }
}
