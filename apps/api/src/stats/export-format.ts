import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { governorateName } from '@truce-monitor/domain';
import { csvField, csvRecord } from './csv.js';
import { EXPORT_COLUMNS, type ExportColumn } from './stats.repository.js';

export type ExportFormat = 'csv' | 'ndjson' | 'geojson' | 'hash';

const at = Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c, i])) as Record<ExportColumn, number>;
type Row = unknown[];
const v = (row: Row, c: ExportColumn): unknown => row[at[c]!];

interface CsvColumn {
  name: string;
  hxl: string;
  /** Text cells are neutralised against formula injection; numbers are not. */
  text: boolean;
  get: (row: Row) => unknown;
}

const col = (c: ExportColumn, hxl: string, text = false): CsvColumn => ({ name: c, hxl, text, get: (row) => v(row, c) });
const RANGE_TAGS: Record<string, string> = {
  killed: '#affected+killed',
  injured: '#affected+injured',
  civilians_killed: '#affected+killed+civilians',
  civilians_injured: '#affected+injured+civilians',
  combatants_killed: '#affected+killed+combatants',
  combatants_injured: '#affected+injured+combatants',
};

/**
 * The CSV columns with their HXL hashtags (https://hxlstandard.org). No column
 * names a person: the filer, reviewers and officers never leave the API this way.
 */
export const CSV_COLUMNS: CsvColumn[] = [
  col('id', '#event+id'),
  col('source_system', '#meta+source', true),
  col('source_id', '#meta+id', true),
  col('occurred_at', '#date+occurred'),
  col('damascus_day', '#date'),
  col('time_precision', '#date+precision'),
  col('reported_at', '#date+reported'),
  col('governorate', '#adm1+code'),
  { name: 'governorate_name', hxl: '#adm1+name', text: true, get: (row) => governorateName(String(v(row, 'governorate'))) },
  col('place_name', '#loc+name', true),
  col('lat', '#geo+lat'),
  col('lon', '#geo+lon'),
  col('geo_precision', '#geo+precision'),
  col('event_type', '#event+type'),
  col('perpetrator_party_id', '#group+id+first'),
  col('perpetrator', '#group+name+first', true),
  col('target_party_id', '#group+id+second'),
  col('target', '#group+name+second', true),
  col('target_civilians', '#affected+civilians+targeted'),
  col('outcome', '#status+outcome'),
  col('responsible_guarantor', '#org+guarantor+code'),
  col('verification', '#status+verification'),
  ...Object.entries(RANGE_TAGS).flatMap(([r, tag]) => [
    col(`${r}_low` as ExportColumn, `${tag}+low`),
    col(`${r}_best` as ExportColumn, tag),
    col(`${r}_high` as ExportColumn, `${tag}+high`),
  ]),
  col('acknowledge_by', '#date+deadline'),
  col('acknowledged_at', '#date+acknowledged'),
  col('source_kinds', '#meta+source+type', true),
  col('description', '#description', true),
];

/** One data record of the CSV: what the data hash is computed over, whatever the format sent. */
export function csvDataRecord(row: Row): string {
  return csvRecord(CSV_COLUMNS.map((c) => csvField(c.get(row), c.text)));
}

const range = (row: Row, r: string) => ({ low: v(row, `${r}_low` as ExportColumn), best: v(row, `${r}_best` as ExportColumn), high: v(row, `${r}_high` as ExportColumn) });

/** A report as NDJSON and GeoJSON carry it (exact text: JSON runs in no spreadsheet). */
export function jsonRecord(row: Row, withLocation = true) {
  const perpetratorId = v(row, 'perpetrator_party_id') as string | null;
  return {
    id: v(row, 'id'),
    sourceSystem: v(row, 'source_system'),
    sourceId: v(row, 'source_id'),
    occurredAt: v(row, 'occurred_at'),
    damascusDay: v(row, 'damascus_day'),
    timePrecision: v(row, 'time_precision'),
    reportedAt: v(row, 'reported_at'),
    governorate: v(row, 'governorate'),
    governorateName: governorateName(String(v(row, 'governorate'))),
    placeName: v(row, 'place_name'),
    ...(withLocation ? { location: { lat: v(row, 'lat'), lon: v(row, 'lon') } } : {}),
    geoPrecision: v(row, 'geo_precision'),
    eventType: v(row, 'event_type'),
    perpetrator: perpetratorId ? { partyId: perpetratorId, name: v(row, 'perpetrator') } : null,
    target: v(row, 'target_civilians') ? { civilians: true } : { partyId: v(row, 'target_party_id'), name: v(row, 'target') },
    outcome: v(row, 'outcome'),
    responsibleGuarantor: v(row, 'responsible_guarantor'),
    verification: v(row, 'verification'),
    casualties: {
      killed: range(row, 'killed'),
      injured: range(row, 'injured'),
      civiliansKilled: range(row, 'civilians_killed'),
      civiliansInjured: range(row, 'civilians_injured'),
      combatantsKilled: range(row, 'combatants_killed'),
      combatantsInjured: range(row, 'combatants_injured'),
    },
    acknowledgeBy: v(row, 'acknowledge_by'),
    acknowledgedAt: v(row, 'acknowledged_at'),
    sourceKinds: v(row, 'source_kinds') ? String(v(row, 'source_kinds')).split(';') : [],
    description: v(row, 'description'),
  };
}

export interface ExportTotals {
  rows: number;
  dataSha256: string;
}

const CHUNK = 64 * 1024;

/**
 * Rows (arrays in EXPORT_COLUMNS order) in, the export's bytes out, in chunks
 * of about 64 KB. Every format hashes the same thing — the rows' CSV data
 * records — so one hash names the data whatever format carried it.
 * `finishWith` runs before the last bytes leave (it audits the export and sets
 * the HTTP trailers) and may add a closing text (NDJSON's last line,
 * GeoJSON's closing member).
 */
export class ExportFormatter extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private rows = 0;
  /** Set once every row went through. */
  totals: ExportTotals | null = null;
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(
    private readonly format: ExportFormat,
    opening: string,
    private readonly finishWith: (totals: ExportTotals) => Promise<string>,
  ) {
    super({ writableObjectMode: true, readableObjectMode: false, writableHighWaterMark: 1000 });
    if (opening) this.add(opening);
  }

  override _transform(row: Row, _encoding: BufferEncoding, callback: TransformCallback): void {
    const record = csvDataRecord(row);
    this.hash.update(record);
    if (this.format === 'csv') this.add(record);
    else if (this.format === 'ndjson') this.add(`${JSON.stringify(jsonRecord(row))}\n`);
    else if (this.format === 'geojson')
      this.add(
        `${this.rows === 0 ? '' : ',\n'}${JSON.stringify({ type: 'Feature', id: v(row, 'id'), geometry: { type: 'Point', coordinates: [v(row, 'lon'), v(row, 'lat')] }, properties: jsonRecord(row, false) })}`,
      );
    this.rows += 1;
    if (this.pendingLength >= CHUNK) this.drainPending();
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.totals = { rows: this.rows, dataSha256: this.hash.digest('hex') };
    this.finishWith(this.totals).then((closing) => {
      if (closing) this.add(closing);
      this.drainPending();
      callback();
    }, callback);
  }

  private add(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
  }

  private drainPending(): void {
    if (this.pending.length === 0) return;
    this.push(this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }
}
