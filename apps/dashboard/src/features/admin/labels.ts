import type { Bloc, DesignationPosition, ExclusionKind, Role, SignatoryStatus } from '@truce-monitor/domain';

export const BLOC_NAMES: Record<Bloc, string> = {
  government: 'Government',
  pro_government: 'Pro-government',
  opposition: 'Opposition',
  jihadist: 'Jihadist',
  other: 'Other',
};

export const SIGNATORY_NAMES: Record<SignatoryStatus, string> = {
  signed: 'Signed',
  not_signed: 'Not signed',
  unknown: 'Unknown',
};

/** A sign for each status, said beside the words (never instead of them). */
export const SIGNATORY_SIGNS: Record<SignatoryStatus, string> = { signed: '✓', not_signed: '✗', unknown: '?' };

export const SIGNATORY_DESCRIPTIONS: Record<SignatoryStatus, string> = {
  signed: 'Covered by the truce from this moment',
  not_signed: 'Outside the truce: its acts are logged, no guarantor answers for them',
  unknown: 'Claimed either way; not established',
};

export const POSITION_NAMES: Record<DesignationPosition, string> = { accepts: 'Accepts', disputes: 'Disputes' };
export const POSITION_SIGNS: Record<DesignationPosition, string> = { accepts: '✓', disputes: '✗' };

export const EXCLUSION_KIND_NAMES: Record<ExclusionKind, string> = {
  core: 'Core: named by the agreement',
  linked: 'Linked group: designated by a guarantor',
};

export const ROLE_NAMES: Record<Role, string> = {
  monitor: 'Monitor',
  reviewer: 'Reviewer',
  officer: 'Guarantor officer',
  analyst: 'Analyst',
  admin: 'Administrator',
};
