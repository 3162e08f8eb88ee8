import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { GOVERNORATES } from '@truce-monitor/domain';
import { CSV_COLUMNS, type ExportTotals } from './export-format.js';
import { EXPORT_SQL, type ExportColumn } from './stats.repository.js';

/**
 * The CSV export written by PostgreSQL itself (`COPY (…) TO STDOUT (FORMAT
 * csv)`), byte for byte what `csvDataRecord` writes from a row (the NDJSON and
 * GeoJSON exports still hash those, so every format states the same hash):
 *
 * - COPY quotes a field exactly when csvField does (it holds a quote, comma,
 *   CR or LF; quotes inside doubled) — except the empty string, which COPY
 *   quotes to tell it from NULL: the SELECT turns empty text into NULL, which
 *   both write as nothing.
 * - COPY ends a record with LF; this module's transform makes it CRLF (an LF
 *   inside a quoted field is data and stays as it is).
 * - The SELECT neutralises text cells against formula injection
 *   (`stats_csv_text`), writes booleans as JavaScript does (`true`), and
 *   floats through `stats_float_text`, which writes them as JavaScript's
 *   String() does (both in StatsDailyTotals1764600000000).
 */

/** `$1`, `$2`… replaced by SQL literals: COPY takes no bind parameters. Strings and arrays of strings only (what a filter holds). */
export function inlineParams(text: string, values: readonly unknown[], escapeLiteral: (s: string) => string): string {
  const literal = (v: unknown): string => {
    if (typeof v === 'string') return escapeLiteral(v);
    if (Array.isArray(v)) return v.length ? `ARRAY[${v.map((x) => literal(String(x))).join(', ')}]::text[]` : `'{}'::text[]`;
    throw new Error(`cannot inline a ${typeof v} into COPY`);
  };
  return text.replace(/\$(\d+)/g, (_m, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= values.length) throw new Error(`no value for $${n}`);
    return literal(values[i]);
  });
}

const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;
/** governorateName() in SQL: the name of a known code, else the code. */
const GOVERNORATE_NAME = `CASE i.governorate ${GOVERNORATES.map((g) => `WHEN ${literal(g.code)} THEN ${literal(g.name)}`).join(' ')} ELSE i.governorate END`;

/** The select list whose COPY output is the CSV data records, column for column as CSV_COLUMNS. */
export const CSV_COPY_SELECT: readonly string[] = CSV_COLUMNS.map((c) => {
  const expr = c.name === 'governorate_name' ? GOVERNORATE_NAME : EXPORT_SQL[c.name as ExportColumn];
  if (!expr) throw new Error(`no SQL for the CSV column ${c.name}`);
  // The source system is 'acled' or 'ucdp' and a governorate's name a known name or its code (both checked by the schema): nothing to neutralise.
  if (c.text && c.name !== 'source_system' && c.name !== 'governorate_name') return `stats_csv_text(${expr})`;
  // Where PostgreSQL and JavaScript both write plain decimals (1e-4 ≤ |x| < 1e15: every real coordinate), the cast is enough.
  if (c.name === 'lat' || c.name === 'lon')
    return `CASE WHEN abs(${expr}) >= 0.0001 AND abs(${expr}) < 1e15 THEN ${expr}::text ELSE stats_float_text(${expr}) END`;
  if (c.name === 'target_civilians') return `CASE WHEN ${expr} THEN 'true' WHEN NOT ${expr} THEN 'false' END`;
  return expr;
});

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const CHUNK = 64 * 1024;

/**
 * COPY's CSV bytes in, the export's bytes out: the opening (header, HXL row)
 * first, every record ended by CRLF, in chunks of about 64 KB. Hashes the
 * data records as they pass and counts them; `finishWith` runs before the
 * last bytes leave (it audits the export and sets the trailers) and may add a
 * closing text.
 */
export class CsvCopyFormatter extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private rows = 0;
  /** Inside a quoted field: every `"` toggles it (a doubled quote toggles twice). */
  private quoted = false;
  private pending: Buffer[] = [];
  private pendingLength = 0;
  /** Set once every record went through. */
  totals: ExportTotals | null = null;

  constructor(
    opening: string,
    private readonly finishWith: (totals: ExportTotals) => Promise<string>,
  ) {
    super();
    if (opening) this.add(Buffer.from(opening, 'utf8'));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    // Where records end in this chunk: each LF outside a quoted field.
    const ends: number[] = [];
    const n = chunk.length;
    let at = 0;
    while (at < n) {
      if (this.quoted) {
        const q = chunk.indexOf(QUOTE, at);
        if (q < 0) break;
        this.quoted = false;
        at = q + 1;
        continue;
      }
      const lf = chunk.indexOf(LF, at);
      const q = chunk.indexOf(QUOTE, at);
      if (q >= 0 && (lf < 0 || q < lf)) {
        this.quoted = true;
        at = q + 1;
        continue;
      }
      if (lf < 0) break;
      ends.push(lf);
      at = lf + 1;
    }
    let out = chunk;
    if (ends.length) {
      out = Buffer.allocUnsafe(n + ends.length);
      let from = 0;
      let to = 0;
      for (const lf of ends) {
        to += chunk.copy(out, to, from, lf);
        out[to++] = CR;
        out[to++] = LF;
        from = lf + 1;
      }
      chunk.copy(out, to, from, n);
      this.rows += ends.length;
    }
    this.hash.update(out);
    this.add(out);
    if (this.pendingLength >= CHUNK) this.drain();
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.totals = { rows: this.rows, dataSha256: this.hash.digest('hex') };
    this.finishWith(this.totals).then((closing) => {
      if (closing) this.add(Buffer.from(closing, 'utf8'));
      this.drain();
      callback();
    }, callback);
  }

  private add(bytes: Buffer): void {
    this.pending.push(bytes);
    this.pendingLength += bytes.length;
  }

  private drain(): void {
    if (this.pending.length === 0) return;
    this.push(this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingLength));
    this.pending = [];
    this.pendingLength = 0;
  }
}
