import type { GuarantorCode, IncidentSort, VerificationState } from '@truce-monitor/domain';

/**
 * The filter of one incidents list query, as `GET /api/incidents` takes it.
 * Without the optional fields: the agreement's newest reports, the list the
 * live feed and the map share.
 */
export interface IncidentListFilter {
  agreementId: string;
  limit: number;
  responsibleGuarantor?: GuarantorCode | 'none';
  awaiting?: boolean;
  unconfirmedBy?: GuarantorCode;
  verification?: VerificationState[];
  sort?: IncidentSort;
}

/** Query keys of the incidents feature; the live cache writer finds every list through `lists()`. */
export const incidentKeys = {
  all: ['incidents'] as const,
  lists: () => [...incidentKeys.all, 'list'] as const,
  list: (filter: IncidentListFilter) => [...incidentKeys.lists(), filter] as const,
  /** `GET /api/incidents/counts?by=verification` of one agreement: the review queue's tab counts. */
  countsAll: () => [...incidentKeys.all, 'counts'] as const,
  counts: (agreementId: string) => [...incidentKeys.countsAll(), agreementId] as const,
  details: () => [...incidentKeys.all, 'detail'] as const,
  detail: (id: string) => [...incidentKeys.details(), id] as const,
};
