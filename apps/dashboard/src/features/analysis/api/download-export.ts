import { damascusDay, type ExportTicketView, type StatsFilter } from '@truce-monitor/domain';
import { api } from '../../../lib/api-client';
import { filterParams } from '../filter';

export type ExportKind = 'csv' | 'csv-hxl' | 'ndjson' | 'geojson';

export const EXPORT_KINDS: readonly { kind: ExportKind; label: string; description: string }[] = [
  { kind: 'csv', label: 'CSV', description: 'one row per report' },
  { kind: 'csv-hxl', label: 'CSV with HXL', description: 'with the Humanitarian Exchange Language hashtag row' },
  { kind: 'ndjson', label: 'NDJSON', description: 'one JSON object per line' },
  { kind: 'geojson', label: 'GeoJSON', description: 'points, for a GIS' },
];

export interface ExportResult {
  filename: string;
  /** Rows the server states the filter selects (its hash endpoint). */
  rows: number;
  /** SHA-256 of the data records as the server states it. */
  dataSha256: string;
  /** How to check the saved file against the stated hash, as a shell command. */
  check: string;
}

/**
 * Downloads one export of exactly the filtered set, streamed by the browser
 * straight to disk: the dashboard asks for a single-use download ticket (the
 * bearer token never goes into a URL), then opens the ticket's address as an
 * `<a download>`, so nothing is held in memory here whatever the file's size.
 * The file's row count and data hash come from the hash endpoint of the same
 * filter (the file carries them too: the HTTP trailer, NDJSON's last line,
 * GeoJSON's `truceTrailer`); the check of a saved CSV is a shell command away.
 */
export async function downloadExport(kind: ExportKind, agreementId: string, filter: StatsFilter, signal?: AbortSignal): Promise<ExportResult> {
  const format = kind === 'csv-hxl' ? 'csv' : kind;
  const params = definedOnly({ agreementId, ...filterParams(filter), ...(kind === 'csv-hxl' ? { hxl: '1' } : {}) });
  const options = signal ? { signal } : {};
  const [ticket, stated] = await Promise.all([
    api.post<ExportTicketView>('/exports/tickets', { format, filter: params }, options),
    api.get<{ rows: number; dataSha256: string }>('/exports/incidents.sha256', { params: { ...params, hxl: undefined }, ...options }),
  ]);
  // The name the server gives the file (Content-Disposition) too.
  const filename = `incidents-${damascusDay(Date.now()).replaceAll('-', '')}.${format}`;
  saveFrom(ticket.url, filename);
  const skip = kind === 'csv-hxl' ? 3 : 2;
  const check =
    format === 'csv'
      ? `tail -n +${skip} ${filename} | sha256sum`
      : format === 'ndjson'
        ? `the last line of ${filename} states the hash`
        : `the truceTrailer at the end of ${filename} states the hash`;
  return { filename, rows: stated.rows, dataSha256: stated.dataSha256, check };
}

function definedOnly(params: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}

/** The browser's own download of a same-origin address: streamed to disk, with its progress in the browser's download list. */
function saveFrom(url: string, filename: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}
