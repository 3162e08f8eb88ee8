import { z } from 'zod';
import { listParam } from './list-param.js';
import { GUARANTOR_CODES, VERIFICATION_STATES } from './vocabulary.js';

/** The most reports `GET /api/incidents` answers with at once. */
export const MAX_INCIDENT_PAGE = 500;
/** The most reports `?ids=` may name at once. */
export const MAX_INCIDENT_IDS = 100;

/**
 * The orders `GET /api/incidents` can list in. `deadline`: overdue reports
 * first (routed, unanswered, past their acknowledgement deadline), then by
 * deadline, earliest first; reports without a deadline last.
 */
export const INCIDENT_SORTS = ['reported_desc', 'reported_asc', 'deadline'] as const;
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const flag = z
  .enum(['0', '1', 'true', 'false'], { error: 'must be 1 or 0 (true or false)' })
  .optional()
  .transform((v) => (v === undefined ? undefined : v === '1' || v === 'true'));

const states = new Set<string>(VERIFICATION_STATES);
const guarantor = z.enum(GUARANTOR_CODES, { error: `must be a guarantor code: ${GUARANTOR_CODES.join(', ')}` });

/**
 * `GET /api/incidents`: one page of the reports the caller may see. Every
 * filter narrows (they combine with AND). A monitor sees its own reports only,
 * whatever it asks for.
 */
export const incidentListQuerySchema = z.strictObject({
  agreementId: z.uuid({ error: 'must be an agreement id (UUID)' }).optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(MAX_INCIDENT_PAGE, { error: `must be at most ${MAX_INCIDENT_PAGE}` })
    .default(100),
  /** The `nextCursor` of the previous page, asked with the same filter and sort. */
  cursor: z.string().max(400, { error: 'not a cursor this API issued' }).optional(),
  /** Reports routed to this guarantor (`none`: routed to nobody). */
  responsibleGuarantor: z.union([guarantor, z.literal('none')], { error: `must be ${GUARANTOR_CODES.join(', ')} or none` }).optional(),
  /** 1: routed reports their responsible guarantor has not yet answered; 0: every other report. */
  awaiting: flag,
  /** Routed to another guarantor and not yet cross-confirmed by this one. */
  unconfirmedBy: guarantor.optional(),
  /** One or more verification states. */
  verification: listParam({
    name: 'verification',
    check: (v): v is (typeof VERIFICATION_STATES)[number] => states.has(v),
    what: `unknown state(s); one of ${VERIFICATION_STATES.join(', ')}`,
    max: VERIFICATION_STATES.length,
  }),
  sort: z.enum(INCIDENT_SORTS, { error: `must be one of ${INCIDENT_SORTS.join(', ')}` }).default('reported_desc'),
  /** These reports only (those the caller may see; unknown ids are simply absent). */
  ids: listParam({ name: 'ids', check: (v): v is string => UUID_RE.test(v), what: 'must be report ids (UUIDs)', max: MAX_INCIDENT_IDS }),
});
export type IncidentListQueryInput = z.input<typeof incidentListQuerySchema>;
export type IncidentListQuery = z.output<typeof incidentListQuerySchema>;

/** How `GET /api/incidents/counts` can break the reports down. */
export const INCIDENT_COUNT_BY = ['verification'] as const;

/** `GET /api/incidents/counts`: how many reports each value has (reviewers and admins; the review queue's tabs). */
export const incidentCountsQuerySchema = z.strictObject({
  agreementId: z.uuid({ error: 'must be an agreement id (UUID)' }).optional(),
  by: z.enum(INCIDENT_COUNT_BY, { error: `must be ${INCIDENT_COUNT_BY.join(' or ')}` }),
});
export type IncidentCountsQuery = z.output<typeof incidentCountsQuerySchema>;

/** The answer of `GET /api/incidents/counts?by=verification`: every state, zero included. */
export interface IncidentCounts {
  by: 'verification';
  agreementId: string | null;
  counts: Record<(typeof VERIFICATION_STATES)[number], number>;
}

/** The query string of a list query as the dashboard sends it (absent fields left out). */
export function incidentListParams(q: Partial<Omit<IncidentListQuery, 'awaiting'>> & { awaiting?: boolean | undefined }): Record<string, string> {
  const out: Record<string, string> = {};
  if (q.agreementId) out['agreementId'] = q.agreementId;
  if (q.limit !== undefined) out['limit'] = String(q.limit);
  if (q.cursor) out['cursor'] = q.cursor;
  if (q.responsibleGuarantor) out['responsibleGuarantor'] = q.responsibleGuarantor;
  if (q.awaiting !== undefined) out['awaiting'] = q.awaiting ? '1' : '0';
  if (q.unconfirmedBy) out['unconfirmedBy'] = q.unconfirmedBy;
  if (q.verification?.length) out['verification'] = q.verification.join(',');
  if (q.sort) out['sort'] = q.sort;
  if (q.ids?.length) out['ids'] = q.ids.join(',');
  return out;
}

interface MatchableIncident {
  id: string;
  agreementId: string;
  responsibleGuarantor: string | null;
  acknowledgedAt: string | null;
  verification: string;
  confirmations: readonly { guarantor: string }[];
}

/**
 * Whether a report belongs in a list asked with this query: what the API
 * applies in SQL, for a client that keeps a filtered list current from live
 * events (a report that stops matching leaves the list; one that starts, joins it).
 */
export function incidentMatchesQuery(
  incident: MatchableIncident,
  q: Partial<Pick<IncidentListQuery, 'agreementId' | 'responsibleGuarantor' | 'awaiting' | 'unconfirmedBy' | 'verification' | 'ids'>>,
): boolean {
  if (q.agreementId && incident.agreementId !== q.agreementId) return false;
  if (q.responsibleGuarantor && (incident.responsibleGuarantor ?? 'none') !== q.responsibleGuarantor) return false;
  if (q.awaiting !== undefined && (incident.responsibleGuarantor !== null && incident.acknowledgedAt === null) !== q.awaiting) return false;
  if (
    q.unconfirmedBy &&
    (incident.responsibleGuarantor === null ||
      incident.responsibleGuarantor === q.unconfirmedBy ||
      incident.confirmations.some((c) => c.guarantor === q.unconfirmedBy))
  )
    return false;
  if (q.verification && !q.verification.includes(incident.verification as never)) return false;
  if (q.ids && !q.ids.includes(incident.id)) return false;
  return true;
}
