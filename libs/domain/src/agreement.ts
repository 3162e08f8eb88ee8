import type { AgreementScope } from './truce-model.js';
import type {
  Bloc,
  DesignationPosition,
  ExclusionKind,
  GuarantorCode,
  SignatoryStatus,
} from './vocabulary.js';

/** An agreement as `GET /api/agreements/:id` returns it. */
export interface AgreementView {
  id: string;
  name: string;
  effectiveFrom: string;
  effectiveUntil: string | null;
  scope: AgreementScope;
  acknowledgementDeadlineMinutes: number;
  coveredForces: { description: string; fighters: number | null; claimedBy: string | null }[];
  guarantors: { code: GuarantorCode; name: string; answersFor: string }[];
  parties: PartyView[];
  exclusions: ExclusionView[];
  hotlineChannels: { id: string; name: string; guarantors: GuarantorCode[] }[];
}

export interface PartyView {
  id: string;
  name: string;
  bloc: Bloc;
  guarantor: GuarantorCode | null;
  signatoryStatus: SignatoryStatus;
  signatoryHistory: { status: SignatoryStatus; from: string; claimedBy: string | null; note: string | null }[];
  excluded: boolean;
}

export interface ExclusionView {
  id: string;
  partyId: string;
  partyName: string;
  kind: ExclusionKind;
  designatedBy: GuarantorCode | null;
  basis: string;
  from: string;
  until: string | null;
  standing: 'agreed' | 'disputed';
  positions: { guarantor: GuarantorCode; position: DesignationPosition; at: string; note: string | null }[];
}
