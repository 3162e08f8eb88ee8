import type {
  AgreementView,
  Bloc,
  CasualtyField,
  CrossConfirmation,
  GuarantorResponse,
  IncidentView,
  SignatoryStatus,
  SourceKind,
  VerificationState,
} from '@truce-monitor/domain';

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

export const RESPONSE_LABELS: Record<GuarantorResponse, string> = {
  acknowledged: 'Acknowledged',
  investigating: 'Investigating',
  disputed: 'Disputed',
  remedied: 'Remedied',
};

export const RESPONSE_DESCRIPTIONS: Record<GuarantorResponse, string> = {
  acknowledged: 'Received; the guarantor accepts it must answer for it',
  investigating: 'The guarantor is looking into what happened',
  disputed: 'The guarantor disputes the report, and says why',
  remedied: 'The guarantor says the cause has been dealt with',
};

export const CONFIRMATION_LABELS: Record<CrossConfirmation, string> = {
  confirmed: 'Confirmed',
  cannot_confirm: 'Cannot confirm',
  disputed: 'Disputed',
};

export const CONFIRMATION_DESCRIPTIONS: Record<CrossConfirmation, string> = {
  confirmed: 'This guarantor confirms the violation from its own information',
  cannot_confirm: 'This guarantor has nothing that confirms or refutes it',
  disputed: 'This guarantor disputes the report, and says why',
};

export const VERIFICATION_ACTIONS: Record<VerificationState, string> = {
  reported: 'Reopen',
  corroborated: 'Corroborate',
  verified: 'Verify',
  rejected: 'Reject',
  duplicate: 'Mark as duplicate',
};

/** UCDP GED `date_prec`. */
export const TIME_PRECISION_LABELS: Record<number, string> = {
  1: 'Exact day known',
  2: 'Within a 2–6 day span',
  3: 'Only the week known',
  4: 'Within 8–30 days, or only the month',
  5: 'More than a month',
};

/** UCDP GED `where_prec`. */
export const GEO_PRECISION_LABELS: Record<number, string> = {
  1: 'Exact point',
  2: 'Within about 25 km of the point',
  3: 'District (second-order division)',
  4: 'Governorate',
  5: 'A road, river or border, or a wider area',
  6: 'Only the country',
  7: 'International waters or airspace',
};

export const SOURCE_KIND_LABELS: Record<SourceKind, string> = {
  own_observation: 'Own observation',
  witness: 'Witness',
  local_media: 'Local media',
  official_statement: 'Official statement',
  social_media: 'Social media',
  other: 'Other',
};

export const CASUALTY_LABELS: Record<CasualtyField, string> = {
  killed: 'Killed',
  injured: 'Injured',
  civiliansKilled: 'Civilians killed',
  civiliansInjured: 'Civilians injured',
  combatantsKilled: 'Combatants killed',
  combatantsInjured: 'Combatants injured',
};

export const BLOC_LABELS: Record<Bloc, string> = {
  government: 'Government',
  pro_government: 'Pro-government',
  opposition: 'Opposition',
  jihadist: 'Jihadist',
  other: 'Other',
};

export const SIGNATORY_LABELS: Record<SignatoryStatus, string> = {
  signed: 'signed',
  not_signed: 'not signed',
  unknown: 'signatory status unknown',
};

/** A report's short reference, as people read it out: the first eight characters of its id. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
