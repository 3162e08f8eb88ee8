import type { StatsFilter } from '@truce-monitor/domain';
import { apiFetchFile, apiRequest } from '../../../lib/api-client';
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
  bytes: number;
  /** Rows the server stated it wrote (the trailer, or the hash endpoint for CSV). */
  rows: number;
  /** SHA-256 of the data records as the server stated it. */
  dataSha256: string;
  /** CSV only: the hash recomputed here over the downloaded data records; null when not computed. */
  checkedHere: boolean | null;
}

const LF = 0x0a;

/**
 * Downloads one export of exactly the filtered set. The API wants the Bearer
 * token, so the file is fetched and streamed into memory chunk by chunk
 * (progress reported), then handed to the browser as a Blob under the
 * server's file name. The data hash comes from the file's own trailer
 * (NDJSON, GeoJSON) or, for CSV (whose HTTP trailer a browser cannot read),
 * from the hash endpoint the answer names, and is checked here against the
 * CSV's data records.
 */
export async function downloadExport(
  kind: ExportKind,
  agreementId: string,
  filter: StatsFilter,
  onProgress: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<ExportResult> {
  const ext = kind === 'csv-hxl' ? 'csv' : kind;
  const params = { agreementId, ...filterParams(filter), ...(kind === 'csv-hxl' ? { hxl: '1' } : {}) };
  const response = await apiFetchFile(`/exports/incidents.${ext}`, { params, ...(signal ? { signal } : {}) });
  const filename = filenameOf(response.headers.get('Content-Disposition')) ?? `incidents.${ext}`;
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value as Uint8Array<ArrayBuffer>);
      bytes += value.byteLength;
      onProgress(bytes);
    }
  }
  const blob = new Blob(chunks, { type: response.headers.get('Content-Type') ?? 'application/octet-stream' });
  saveBlob(blob, filename);

  if (ext === 'csv') {
    const checkPath = response.headers.get('X-Truce-Data-Hash-Check');
    const stated = await apiRequest<{ rows: number; dataSha256: string }>(
      checkPath ? checkPath.replace(/^\/api/, '') : '/exports/incidents.sha256',
      checkPath ? { ...(signal ? { signal } : {}) } : { params, ...(signal ? { signal } : {}) },
    );
    const local = await csvDataHash(blob, kind === 'csv-hxl' ? 2 : 1);
    return { filename, bytes, rows: stated.rows, dataSha256: stated.dataSha256, checkedHere: local === null ? null : local === stated.dataSha256 };
  }
  const trailer = await readTrailer(blob);
  return { filename, bytes, rows: trailer.rows, dataSha256: trailer.dataSha256, checkedHere: null };
}

function filenameOf(disposition: string | null): string | null {
  const m = disposition ? /filename="?([^";]+)"?/.exec(disposition) : null;
  return m ? m[1]! : null;
}

function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the memory is let go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** SHA-256 of every line after the first `skip` (the header, and the HXL row), as the API defines the data hash. */
async function csvDataHash(blob: Blob, skip: number): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const head = new Uint8Array(await blob.slice(0, 64 * 1024).arrayBuffer());
  let offset = 0;
  for (let n = 0; n < skip; n += 1) {
    const at = head.indexOf(LF, offset);
    if (at < 0) return null;
    offset = at + 1;
  }
  const digest = await crypto.subtle.digest('SHA-256', await blob.slice(offset).arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The `truceTrailer` an NDJSON or GeoJSON export ends with: `…"truceTrailer":{…}}`. */
async function readTrailer(blob: Blob): Promise<{ rows: number; dataSha256: string }> {
  const tail = await blob.slice(Math.max(0, blob.size - 64 * 1024)).text();
  const marker = '"truceTrailer":';
  const at = tail.lastIndexOf(marker);
  if (at < 0) throw new Error('The export ended without its trailer: the download was cut short.');
  const json = tail.slice(at + marker.length).trim().replace(/}$/, '');
  const trailer = JSON.parse(json) as { rows: number; dataSha256: string };
  return { rows: trailer.rows, dataSha256: trailer.dataSha256 };
}
