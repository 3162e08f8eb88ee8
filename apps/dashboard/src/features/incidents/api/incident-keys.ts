/** The filter of one incidents list query; later issues add governorates, parties, time range. */
export interface IncidentListFilter {
  agreementId: string;
  limit: number;
}

/** Query keys of the incidents feature; the live cache writer finds every list through `lists()`. */
export const incidentKeys = {
  all: ['incidents'] as const,
  lists: () => [...incidentKeys.all, 'list'] as const,
  list: (filter: IncidentListFilter) => [...incidentKeys.lists(), filter] as const,
  details: () => [...incidentKeys.all, 'detail'] as const,
  detail: (id: string) => [...incidentKeys.details(), id] as const,
};
