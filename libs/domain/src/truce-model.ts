import type {
  Bloc,
  DesignationPosition,
  ExclusionKind,
  GuarantorCode,
  SignatoryStatus,
} from './vocabulary.js';
import type { GovernorateCode } from './governorates.js';

/**
 * The registry of one agreement, with the history the rules need to answer
 * "as it stood when the event happened". All instants are ISO 8601 strings in UTC.
 */
export interface AgreementRules {
  id: string;
  effectiveFrom: string;
  /** Exclusive end of the window; null while the agreement is in force. */
  effectiveUntil: string | null;
  scope: AgreementScope;
  /** How long the responsible guarantor has to acknowledge a routed report. */
  acknowledgementDeadlineMinutes: number;
  guarantors: readonly GuarantorCode[];
  parties: readonly PartyRules[];
  exclusions: readonly ExclusionRules[];
}

export type AgreementScope =
  | { kind: 'nationwide' }
  | { kind: 'governorates'; governorates: readonly GovernorateCode[] };

export interface PartyRules {
  id: string;
  name: string;
  bloc: Bloc;
  /** The guarantor that answers for this party, or null for forces outside the agreement. */
  guarantor: GuarantorCode | null;
  /** Signatory status changes, oldest first. Before the first entry the status is `unknown`. */
  signatoryHistory: readonly { status: SignatoryStatus; from: string }[];
}

/**
 * A party's exclusion from the truce. `core` exclusions are named in the
 * agreement itself and need no one's acceptance; `linked` designations are made
 * by a guarantor on a stated basis and stand only when every other guarantor accepts.
 */
export interface ExclusionRules {
  id: string;
  partyId: string;
  kind: ExclusionKind;
  /** Who designated: a guarantor for `linked`, null for the agreement's own text. */
  designatedBy: GuarantorCode | null;
  basis: string;
  from: string;
  until: string | null;
  /** Positions taken by guarantors, oldest first; a later position replaces an earlier one. */
  positions: readonly { guarantor: GuarantorCode; position: DesignationPosition; at: string }[];
}

const ms = (iso: string) => Date.parse(iso);

export function signatoryStatusAt(party: PartyRules, at: string): SignatoryStatus {
  const t = ms(at);
  let status: SignatoryStatus = 'unknown';
  for (const entry of party.signatoryHistory) {
    if (ms(entry.from) <= t) status = entry.status;
  }
  return status;
}

export type ExclusionStanding =
  | { state: 'agreed'; exclusion: ExclusionRules }
  | { state: 'disputed'; exclusion: ExclusionRules; disputedBy: GuarantorCode[]; awaiting: GuarantorCode[] };

/**
 * How a party's exclusion stood at an instant: none, agreed, or disputed (at
 * least one guarantor disputes it, or has not yet accepted it). A core exclusion
 * outweighs any linked designation of the same party.
 */
export function exclusionStandingAt(
  rules: Pick<AgreementRules, 'exclusions' | 'guarantors'>,
  partyId: string,
  at: string,
): ExclusionStanding | null {
  const t = ms(at);
  const active = rules.exclusions.filter(
    (e) => e.partyId === partyId && ms(e.from) <= t && (e.until === null || t < ms(e.until)),
  );
  if (active.length === 0) return null;
  const core = active.find((e) => e.kind === 'core');
  if (core) return { state: 'agreed', exclusion: core };

  let best: ExclusionStanding | null = null;
  for (const exclusion of active) {
    const positions = positionsAt(exclusion, t);
    const others = rules.guarantors.filter((g) => g !== exclusion.designatedBy);
    const disputedBy = others.filter((g) => positions.get(g) === 'disputes');
    const awaiting = others.filter((g) => !positions.has(g));
    if (exclusion.designatedBy !== null && positions.get(exclusion.designatedBy) === 'disputes') continue; // withdrawn by its author
    if (disputedBy.length === 0 && awaiting.length === 0) return { state: 'agreed', exclusion };
    best ??= { state: 'disputed', exclusion, disputedBy, awaiting };
  }
  return best;
}

function positionsAt(exclusion: ExclusionRules, t: number): Map<GuarantorCode, DesignationPosition> {
  const positions = new Map<GuarantorCode, DesignationPosition>();
  for (const p of exclusion.positions) if (ms(p.at) <= t) positions.set(p.guarantor, p.position);
  return positions;
}
