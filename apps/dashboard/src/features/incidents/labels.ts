import type { AgreementView, IncidentView, VerificationState } from '@truce-monitor/domain';

export const VERIFICATION_LABELS: Record<VerificationState, string> = {
  reported: 'Reported',
  corroborated: 'Corroborated',
  verified: 'Verified',
  rejected: 'Rejected',
  duplicate: 'Duplicate',
};

export const VERIFICATION_DESCRIPTIONS: Record<VerificationState, string> = {
  reported: 'Filed, not yet checked by a reviewer',
  corroborated: 'Two or more independent sources',
  verified: 'Verified by a reviewer',
  rejected: 'Rejected by a reviewer',
  duplicate: 'A duplicate of another report',
};

/** A party's exclusion from the truce as it stands now: agreed by all guarantors, or disputed by one. */
export type ExclusionStanding = 'agreed' | 'disputed';

export interface PartyDirectory {
  name: (partyId: string) => string;
  exclusion: (partyId: string) => ExclusionStanding | null;
}

/** Party names and exclusions of one agreement, for showing the ids the reports carry. */
export function partyDirectory(agreement: AgreementView): PartyDirectory {
  const parties = new Map(agreement.parties.map((p) => [p.id, p]));
  const standings = new Map<string, ExclusionStanding>();
  for (const exclusion of agreement.exclusions) {
    // An agreed exclusion (a core one, say) outweighs a disputed designation of the same party.
    if (standings.get(exclusion.partyId) !== 'agreed') standings.set(exclusion.partyId, exclusion.standing);
  }
  return {
    // A party the agreement does not list (yet) is still shown, by a short id, rather than hidden.
    name: (id) => parties.get(id)?.name ?? `Unlisted party ${id.slice(0, 8)}`,
    exclusion: (id) => standings.get(id) ?? (parties.get(id)?.excluded ? 'agreed' : null),
  };
}

export function perpetratorLabel(incident: IncidentView, parties: PartyDirectory): string {
  return incident.perpetratorPartyId === null ? 'Unknown perpetrator' : parties.name(incident.perpetratorPartyId);
}

export function targetLabel(incident: IncidentView, parties: PartyDirectory): string {
  return 'civilians' in incident.target ? 'Civilians' : parties.name(incident.target.partyId);
}
