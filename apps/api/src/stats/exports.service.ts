import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { pipeline, Writable } from 'node:stream';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { type AuthUser, type ExportQuery, type ResolvedStatsFilter, damascusDay, filterQueryString } from '@truce-monitor/domain';
import { AuditService } from '../audit/audit.service.js';
import { to as copyTo } from 'pg-copy-streams';
import type { DirectConnection } from '../database/statements.js';
import { CSV_COLUMNS, type ExportFormat, ExportFormatter, type ExportTotals } from './export-format.js';
import { csvRecord } from './csv.js';
import { CSV_COPY_SELECT, CsvCopyFormatter, inlineParams } from './csv-copy.js';
import { type SqlFilter, StatsRepository } from './stats.repository.js';
import { StatsService } from './stats.service.js';

const CONTENT_TYPES: Record<Exclude<ExportFormat, 'hash'>, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  ndjson: 'application/x-ndjson; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
};

export const HASH_DEFINITION =
  'SHA-256 (hex) of the CSV data records — every line after the header row (and after the HXL row with hxl=1), CRLF included, ' +
  'exactly as /api/exports/incidents.csv writes them — whatever format carried the rows. ' +
  'Check a CSV export with: tail -n +2 incidents.csv | sha256sum (tail -n +3 with hxl=1).';

/**
 * Streamed exports. Each runs in a read-only REPEATABLE READ transaction on a
 * connection of its own, through a cursor (a few thousand rows in memory at a
 * time, whatever the total), with backpressure from the HTTP response: a slow
 * client slows the query, and a client that goes away ends it — the
 * connection is dropped, which ends the server's work too.
 */
@Injectable()
export class ExportsService {
  private readonly logger = new Logger('Exports');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stats: StatsService,
    private readonly repository: StatsRepository,
    private readonly audit: AuditService,
  ) {}

  async stream(user: AuthUser, format: Exclude<ExportFormat, 'hash'>, query: ExportQuery, res: Response): Promise<void> {
    const { hxl, ...filter } = query;
    const { resolved, sql } = await this.stats.resolve(filter);
    const withHxl = hxl && format === 'csv';
    await this.dataSource.transaction((manager) =>
      this.audit.append(manager, [
        { actorId: user.id, action: 'export.started', entityType: 'export', entityId: `incidents.${format}`, data: { format, hxl: withHxl, filter: resolved } },
      ]),
    );

    const connection = await this.snapshot();
    const { client } = connection;
    const name = `incidents-${damascusDay(Date.now()).replaceAll('-', '')}.${format}`;
    res.status(200);
    res.setHeader('Content-Type', CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Truce-Filter', JSON.stringify(resolved));
    res.setHeader('X-Truce-Filter-Query', filterQueryString(resolved));
    res.setHeader('X-Truce-Data-Hash-Check', `/api/exports/incidents.sha256?${filterQueryString(resolved)}`);
    res.setHeader('Trailer', 'X-Truce-Data-Hash, X-Truce-Row-Count');

    const audited = (data: object) =>
      this.dataSource
        .transaction((manager) =>
          this.audit.append(manager, [{ actorId: user.id, action: 'export.finished', entityType: 'export', entityId: `incidents.${format}`, data: { format, ...data } }]),
        )
        .catch((error: unknown) => this.logger.error(`audit of a finished export failed: ${String(error)}`));
    // The finish is audited before the last bytes leave, so a client that has the whole file finds it in the trail.
    const finishWith = async (totals: ExportTotals) => {
      await audited({ complete: true, rows: totals.rows, dataSha256: totals.dataSha256 });
      res.addTrailers({ 'X-Truce-Data-Hash': totals.dataSha256, 'X-Truce-Row-Count': String(totals.rows) });
      return closing(format, resolved, totals);
    };
    // CSV: PostgreSQL writes the records itself (COPY); NDJSON and GeoJSON are written here from the rows.
    const [source, formatter] =
      format === 'csv'
        ? [client.query(copyTo(this.copySql(client, sql))), new CsvCopyFormatter(opening(format, resolved, withHxl), finishWith)]
        : [this.rows(client, sql), new ExportFormatter(format, opening(format, resolved, withHxl), finishWith)];
    const error = await new Promise<Error | null | undefined>((resolve) => pipeline(source, formatter, res, resolve));
    await this.finish(connection, error);
    if (error) await audited({ complete: false, reason: error.message });
  }

  /** The filter's rows, as arrays in EXPORT_COLUMNS order, through a cursor. */
  private rows(client: pg.PoolClient, sql: SqlFilter): QueryStream {
    const { text, values } = this.repository.exportQuery(sql);
    return client.query(new QueryStream(text, values, { batchSize: 2000, rowMode: 'array' }));
  }

  /** The COPY statement that writes the filter's CSV data records (see csv-copy.ts). */
  private copySql(client: pg.PoolClient, sql: SqlFilter): string {
    const { text, values } = this.repository.exportSelect(sql, CSV_COPY_SELECT);
    // The comment stays first, so pg_stat_activity still names the export.
    return `/* truce-monitor export */ COPY (${inlineParams(text, values, (v) => client.escapeLiteral(v))}) TO STDOUT (FORMAT csv)`;
  }

  /** The rows and data hash the same filter's export holds, without sending the rows (the check for a downloaded file). */
  async hash(query: ExportQuery): Promise<{ filter: ResolvedStatsFilter; rows: number; dataSha256: string; definition: string }> {
    const { hxl: _hxl, ...filter } = query;
    const { resolved, sql } = await this.stats.resolve(filter);
    const connection = await this.snapshot();
    const { client } = connection;
    const formatter = new CsvCopyFormatter('', async () => '');
    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const error = await new Promise<Error | null | undefined>((resolve) => pipeline(client.query(copyTo(this.copySql(client, sql))), formatter, sink, resolve));
    await this.finish(connection, error);
    if (error) throw error;
    const totals = formatter.totals!;
    return { filter: resolved, rows: totals.rows, dataSha256: totals.dataSha256, definition: HASH_DEFINITION };
  }

  /** A connection of its own in a read-only snapshot: every row an export reads is of one instant. */
  private async snapshot(): Promise<DirectConnection> {
    const connection = await this.repository.connect();
    try {
      await connection.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      return connection;
    } catch (error) {
      await connection.release(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }

  private async finish(connection: DirectConnection, error: Error | null | undefined): Promise<void> {
    if (error) {
      // The client went away (or the query failed): drop the connection, which ends the server's work at once.
      this.logger.warn(`export stopped: ${error.message}`);
      await connection.release(error);
      return;
    }
    try {
      await connection.client.query('COMMIT');
      await connection.release();
    } catch (e) {
      await connection.release(e instanceof Error ? e : new Error(String(e)));
    }
  }
}

function opening(format: Exclude<ExportFormat, 'hash'>, filter: ResolvedStatsFilter, hxl: boolean): string {
  if (format === 'csv') return csvRecord(CSV_COLUMNS.map((c) => c.name)) + (hxl ? csvRecord(CSV_COLUMNS.map((c) => c.hxl)) : '');
  if (format === 'geojson') return `{"type":"FeatureCollection","truceFilter":${JSON.stringify(filter)},"features":[\n`;
  return '';
}

function closing(format: Exclude<ExportFormat, 'hash'>, filter: ResolvedStatsFilter, totals: ExportTotals): string {
  const trailer = { rows: totals.rows, dataSha256: totals.dataSha256, filter, hash: HASH_DEFINITION };
  if (format === 'ndjson') return `${JSON.stringify({ truceTrailer: trailer })}\n`;
  if (format === 'geojson') return `\n],"truceTrailer":${JSON.stringify(trailer)}}\n`;
  return '';
}
