/**
 * The closed vocabularies of the truce model. Every enum the API, the database
 * and the dashboard use is declared once here, as a readonly tuple, so that zod
 * schemas, TypeScript types and database CHECK constraints agree.
 */

export const GUARANTOR_CODES = ['RU', 'TR', 'IR'] as const;
export type GuarantorCode = (typeof GUARANTOR_CODES)[number];

export const ROLES = ['monitor', 'reviewer', 'officer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles allowed to see who filed a report (source protection). */
export const ROLES_SEEING_FILER: readonly Role[] = ['reviewer', 'admin'];

export const EVENT_TYPES = [
  'armed_clash',
  'shelling',
  'air_strike',
  'remote_explosive',
  'sniper_fire',
  'attack_on_civilians',
  'territorial_advance',
  'access_obstruction',
  'arrest_or_abduction',
  'other',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  armed_clash: 'Armed clash',
  shelling: 'Shelling / artillery',
  air_strike: 'Air or drone strike',
  remote_explosive: 'Remote explosive / IED',
  sniper_fire: 'Sniper fire',
  attack_on_civilians: 'Attack on civilians',
  territorial_advance: 'Ground advance / seizure of territory',
  access_obstruction: 'Obstruction of access',
  arrest_or_abduction: 'Arrest or abduction',
  other: 'Other',
};

export const OUTCOMES = [
  'violation',
  'permitted_excluded_target',
  'disputed_exclusion',
  'excluded_perpetrator',
  'non_party',
  'outside_window',
  'outside_scope',
  'undetermined',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_LABELS: Record<Outcome, string> = {
  violation: 'Violation',
  permitted_excluded_target: 'Permitted: excluded target',
  disputed_exclusion: 'Disputed exclusion',
  excluded_perpetrator: 'Excluded perpetrator',
  non_party: 'Non-party',
  outside_window: 'Outside window',
  outside_scope: 'Outside scope',
  undetermined: 'Undetermined',
};

export const VERIFICATION_STATES = ['reported', 'corroborated', 'verified', 'rejected', 'duplicate'] as const;
export type VerificationState = (typeof VERIFICATION_STATES)[number];

export const SIGNATORY_STATUSES = ['signed', 'not_signed', 'unknown'] as const;
export type SignatoryStatus = (typeof SIGNATORY_STATUSES)[number];

export const BLOCS = ['government', 'pro_government', 'opposition', 'jihadist', 'other'] as const;
export type Bloc = (typeof BLOCS)[number];

export const SOURCE_KINDS = [
  'own_observation',
  'witness',
  'local_media',
  'official_statement',
  'social_media',
  'other',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const GUARANTOR_RESPONSES = ['acknowledged', 'investigating', 'disputed', 'remedied'] as const;
export type GuarantorResponse = (typeof GUARANTOR_RESPONSES)[number];

export const CROSS_CONFIRMATIONS = ['confirmed', 'cannot_confirm', 'disputed'] as const;
export type CrossConfirmation = (typeof CROSS_CONFIRMATIONS)[number];

export const DESIGNATION_POSITIONS = ['accepts', 'disputes'] as const;
export type DesignationPosition = (typeof DESIGNATION_POSITIONS)[number];

export const EXCLUSION_KINDS = ['core', 'linked'] as const;
export type ExclusionKind = (typeof EXCLUSION_KINDS)[number];

/** UCDP GED `date_prec`: 1 exact day … 5 more than a month. */
export const TIME_PRECISIONS = [1, 2, 3, 4, 5] as const;
/** UCDP GED `where_prec`: 1 exact point … 7 country only. */
export const GEO_PRECISIONS = [1, 2, 3, 4, 5, 6, 7] as const;
