import type { AgreementView, SignatoryStatus } from '@truce-monitor/domain';

export interface AgreementFigures {
  partyCount: number;
  bySignatoryStatus: Record<SignatoryStatus, number>;
  excludedPartyCount: number;
  agreedExclusions: number;
  disputedExclusions: number;
  coveredFighters: number | null;
}

/** The counts the header shows, derived from the agreement as the API sent it. */
export function agreementFigures(agreement: AgreementView): AgreementFigures {
  const bySignatoryStatus: Record<SignatoryStatus, number> = { signed: 0, not_signed: 0, unknown: 0 };
  for (const party of agreement.parties) bySignatoryStatus[party.signatoryStatus] += 1;
  const fighters = agreement.coveredForces.map((f) => f.fighters).filter((n): n is number => n !== null);
  return {
    partyCount: agreement.parties.length,
    bySignatoryStatus,
    excludedPartyCount: agreement.parties.filter((p) => p.excluded).length,
    agreedExclusions: agreement.exclusions.filter((e) => e.standing === 'agreed').length,
    disputedExclusions: agreement.exclusions.filter((e) => e.standing === 'disputed').length,
    coveredFighters: fighters.length ? fighters.reduce((a, b) => a + b, 0) : null,
  };
}

export function guarantorName(agreement: AgreementView | undefined, code: string): string | undefined {
  return agreement?.guarantors.find((g) => g.code === code)?.name;
}
