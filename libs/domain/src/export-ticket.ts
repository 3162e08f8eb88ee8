import { z } from 'zod';
import { exportQuerySchema, type ExportQuery } from './stats.js';

export const EXPORT_FORMATS = ['csv', 'ndjson', 'geojson'] as const;
export type ExportFileFormat = (typeof EXPORT_FORMATS)[number];

/** How long a download ticket may wait before it is used. */
export const EXPORT_TICKET_TTL_SECONDS = 60;

/**
 * `POST /api/exports/tickets`: a single-use ticket for one export. `filter`
 * is the export's query as it would be sent (the statistics filter, and `hxl`
 * for CSV), checked by the same rules as the export itself.
 */
export const exportTicketRequestSchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(', ')}` }),
  filter: z.preprocess((v) => v ?? {}, exportQuerySchema),
});
export type ExportTicketRequest = z.output<typeof exportTicketRequestSchema>;

export interface ExportTicketView {
  /** The export's address with its filter and `ticket=`: open it (e.g. as an `<a download>`) without a token, once. */
  url: string;
  expiresAt: string;
}

/** The query string of an export query, in a fixed order (what the ticket is bound to, and the URL it gives). */
export function exportQueryString(q: ExportQuery): string {
  const pairs: [string, string][] = [];
  if (q.agreementId) pairs.push(['agreementId', q.agreementId]);
  if (q.from) pairs.push(['from', q.from]);
  if (q.to) pairs.push(['to', q.to]);
  for (const key of ['governorates', 'parties', 'eventTypes', 'outcomes'] as const) {
    const v = q[key];
    if (v?.length) pairs.push([key, v.join(',')]);
  }
  pairs.push(['minVerification', q.minVerification]);
  if (q.hxl) pairs.push(['hxl', '1']);
  return pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}
