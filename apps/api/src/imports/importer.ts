import { parse } from 'csv-parse';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { type AgreementRules, type AuthUser, classifyIncident } from '@truce-monitor/domain';
import { AuditService } from '../audit/audit.service.js';
import { incidentStateHashSql, sealDigestSql } from '../audit/incident-seal.js';
import { canonicalHash } from '../common/canonical-hash.js';
import { UserEntity } from '../auth/user.entity.js';
import { UsersRepository } from '../auth/users.repository.js';
import { EventLogService } from '../live/event-log.service.js';
import { csvField, csvRecord } from '../stats/csv.js';
import { RegistryService } from '../truce/registry.service.js';
import { TruceRepository } from '../truce/truce.repository.js';
import { toRules } from '../truce/truce.service.js';
import { type ActorMapping, type ActorResolution, ActorResolver } from './actor-mapping.js';
import { PARSERS, type SourceRecord, type SourceSystem, missingColumns } from './source-formats.js';

export const IMPORTER_USERNAME = 'importer';

export interface ImportOptions {
  format: SourceSystem;
  file: string;
  mapping: ActorMapping;
  strict: boolean;
  agreementId?: string;
  /** Called as the file is read: bytes so far, of the total, and rows so far. */
  progress?: (bytes: number, total: number, rows: number) => void;
}

export interface RowProblem {
  line: number;
  reason: string;
}

export interface ImportSummary {
  format: SourceSystem;
  file: string;
  fileSha256: string;
  agreementId: string;
  rows: number;
  inserted: number;
  alreadyPresent: number;
  skipped: number;
  problems: RowProblem[];
  /** Actor names that matched no party, mapped to the party outside the agreement. */
  outsideActors: { name: string; rows: number }[];
  byOutcome: Record<string, number>;
  /** True when --strict refused the file: nothing was written. */
  refused: boolean;
  seconds: number;
}

/** A file that cannot be read at all (a wrong header, no agreement): nothing is written. */
export class ImportRefused extends Error {}

/** Rows per chunk written at once: large enough that each chunk's statements cost little, small enough to overlap reading and writing. */
const IMPORT_CHUNK_ROWS = 10_000;

/** The incidents columns an import writes, in COPY order. */
const COLUMNS = [
  'id', 'agreement_id', 'occurred_at', 'time_precision', 'reported_at', 'lat', 'lon', 'geo_precision', 'governorate', 'place_name',
  'event_type', 'perpetrator_party_id', 'target_party_id', 'target_civilians', 'killed_low', 'killed_best', 'killed_high',
  'civilians_killed_low', 'civilians_killed_best', 'civilians_killed_high', 'sources', 'description', 'verification', 'outcome',
  'reasons', 'responsible_guarantor', 'filed_by', 'source_system', 'source_id',
] as const;

/**
 * Loads an ACLED or UCDP GED CSV as reports, in one transaction: the rows
 * stream from the file through the parser, the actor mapping and the same
 * classification as filed reports, and go in chunks of IMPORT_CHUNK_ROWS into
 * a temporary table by COPY; for each chunk one `INSERT … ON CONFLICT
 * (source_system, source_id) DO NOTHING` adds those not already there (so a
 * second import of the same file changes nothing) while the next chunk is
 * read, and one audit entry records the import. A row that cannot be read is
 * reported with its line and skipped; with `strict`, any such row refuses the
 * whole file and nothing is written.
 *
 * Imported reports are historical: classified and attributed to the guarantor
 * that answers for the perpetrator, but put on no acknowledgement clock (never
 * overdue), not announced live one by one, and filed by the `importer` system
 * account, which cannot sign in.
 *
 * This is the incidents table's bulk-load path, beside the incidents module's
 * own write path; the incidents module's migrations own the schema.
 */
export class Importer {
  private readonly truce: TruceRepository;
  private readonly audit: AuditService;
  private readonly users: UsersRepository;
  private readonly registry: RegistryService;

  constructor(private readonly dataSource: DataSource) {
    this.truce = new TruceRepository(dataSource);
    this.audit = new AuditService(dataSource);
    this.users = new UsersRepository(dataSource.getRepository(UserEntity));
    this.registry = new RegistryService(dataSource, this.truce, this.audit, new EventLogService(dataSource));
  }

  /** The system account imports are filed by: role monitor, disabled, no usable password. */
  async importerAccount(): Promise<AuthUser> {
    let user = await this.users.findByUsername(IMPORTER_USERNAME);
    if (!user) {
      user = await this.users.create({ username: IMPORTER_USERNAME, passwordHash: '!disabled: the importer never signs in', role: 'monitor', guarantor: null }).catch(async (error: unknown) => {
        const again = await this.users.findByUsername(IMPORTER_USERNAME);
        if (!again) throw error;
        return again;
      });
    }
    if (!user.disabledAt) user = (await this.users.setDisabled(user.id, true))!;
    return { id: user.id, username: user.username, role: user.role, guarantor: user.guarantor };
  }

  async run(options: ImportOptions): Promise<ImportSummary> {
    const started = performance.now();
    const account = await this.importerAccount();
    const agreementId = options.agreementId ?? (await this.truce.listAgreements())[0]?.id;
    if (!agreementId) throw new ImportRefused('There is no agreement to import into: start the product once (npm start) so it seeds the 2016 truce.');
    const rules = await this.rulesWithOutsideParty(account, agreementId, options.mapping);
    const aliases = new Map((await this.truce.findRegistry(agreementId))!.parties!.map((p) => [p.id, p.aliases]));
    const resolver = new ActorResolver(options.mapping, rules, aliases);
    const outsideId = rules.parties.find((p) => p.name === options.mapping.outsideParty.name)!.id;

    const total = (await stat(options.file)).size;
    const fileHash = createHash('sha256');
    const problems: RowProblem[] = [];
    const byOutcome: Record<string, number> = {};
    const reportedAt = new Date().toISOString();
    let bytes = 0;
    let rows = 0;
    let staged = 0;
    let lastLine = 1;
    let headerChecked = false;

    // At most one chunk being written while the next is read: reading waits for PostgreSQL rather than piling up rows.
    let writing: Promise<void> = Promise.resolve();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const client = (runner as unknown as { databaseConnection: pg.PoolClient }).databaseConnection;
      // The seal's final sort of (id, state) pairs stays in memory.
      await client.query(`SET LOCAL work_mem = '64MB'`);
      await client.query(`CREATE TEMP TABLE import_rows (LIKE incidents INCLUDING DEFAULTS) ON COMMIT DROP`);
      await client.query(`CREATE TEMP TABLE import_sealed (id uuid NOT NULL, state text NOT NULL) ON COMMIT DROP`);
      const sealId = randomUUID();
      let inserted = 0;
      let refusing = false;
      // One chunk of rows: COPY into the staging table, then one INSERT into incidents that also records each new
      // report's state for the seal. Chunks let PostgreSQL write one while the file's next is read and classified.
      const writeChunk = async (records: string): Promise<void> => {
        await pipeline(Readable.from([records]), client.query(copyFrom(`COPY import_rows (${COLUMNS.join(', ')}) FROM STDIN (FORMAT csv)`)));
        const result = await client.query(
          `WITH i AS (INSERT INTO incidents (${COLUMNS.join(', ')}, seal_id) SELECT ${COLUMNS.join(', ')}, $1 FROM import_rows
                        ON CONFLICT ON CONSTRAINT incidents_source_key DO NOTHING RETURNING *)
           INSERT INTO import_sealed (id, state) SELECT i.id, ${incidentStateHashSql('i')} FROM i`,
          [sealId],
        );
        inserted += result.rowCount ?? 0;
        await client.query('TRUNCATE import_rows');
      };

      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          fileHash.update(chunk);
          bytes += chunk.length;
          callback(null, chunk);
        },
      });
      const parser = parse({
        columns: (header: string[]) => {
          const missing = missingColumns(options.format, header);
          if (missing.length) throw new ImportRefused(`line 1: this is not an ${options.format.toUpperCase()} file: the header lacks ${missing.join(', ')}`);
          headerChecked = true;
          return header.map((h) => h.trim().toLowerCase());
        },
        bom: true,
        info: true,
        skip_empty_lines: true,
        skip_records_with_error: true,
      });
      parser.on('skip', (error: Error & { lines?: number }) => {
        const line = lastLine + 1;
        lastLine = error.lines ?? line;
        rows += 1;
        problems.push({ line, reason: `unreadable CSV: ${error.message.replace(/^Invalid Record Length: /, '')}` });
      });
      const parseRow = PARSERS[options.format];
      const classified = new Map<string, { outcome: string; reasons: string; responsibleGuarantor: string | null }>();
      let chunk = '';
      let chunkRows = 0;
      const startChunk = async () => {
        await writing;
        // With --strict, a bad row means nothing will be kept: stop writing (the transaction is rolled back) and
        // keep reading only to report every bad row.
        refusing = options.strict && problems.length > 0;
        if (refusing) {
          chunk = '';
          chunkRows = 0;
        }
        if (refusing || chunkRows === 0) return;
        const records = chunk;
        chunk = '';
        chunkRows = 0;
        writing = writeChunk(records);
        // A failure is reported by the await of `writing` that comes next; this keeps it from counting as unhandled meanwhile.
        writing.catch(() => undefined);
      };
      const stage = new Writable({
        objectMode: true,
        write: (item: { record: Record<string, string>; info: { lines: number } }, _encoding, callback) => {
          const line = lastLine + 1;
          lastLine = item.info.lines;
          rows += 1;
          if (rows % 2000 === 0) options.progress?.(bytes, total, rows);
          const parsed = parseRow(item.record);
          if (!parsed.ok) {
            problems.push({ line, reason: parsed.reason });
            return callback();
          }
          chunk += this.toRow(parsed.record, options.format, rules, resolver, outsideId, account.id, agreementId, reportedAt, byOutcome, classified);
          chunkRows += 1;
          staged += 1;
          if (chunkRows < IMPORT_CHUNK_ROWS) return callback();
          startChunk().then(() => callback(), callback);
        },
        final: (callback) => {
          startChunk()
            .then(() => writing)
            .then(() => callback(), callback);
        },
      });
      await pipeline(createReadStream(options.file), counter, parser, stage);
      if (!headerChecked) throw new ImportRefused('the file is empty: no header row');
      options.progress?.(bytes, total, rows);

      const refused = options.strict && problems.length > 0;
      if (refused) {
        await runner.rollbackTransaction();
        inserted = 0;
      } else {
        // The reports this import added carry its seal; the audit entry records their digest, from the states
        // recorded as each chunk was written (the rows as stored, defaults and all).
        const [seal] = (await client.query<{ reports: number; digest: string }>(sealDigestSql('import_sealed'))).rows;
        await this.audit.append(runner.manager, [
          {
            actorId: account.id,
            action: 'incidents.imported',
            entityType: 'import',
            entityId: `${options.format}:${fileHash.copy().digest('hex')}`,
            data: {
              format: options.format,
              file: basename(options.file),
              fileSha256: fileHash.copy().digest('hex'),
              mappingSha256: canonicalHash(options.mapping),
              agreementId,
              rows,
              inserted,
              alreadyPresent: staged - inserted,
              skipped: problems.length,
              seal: { id: sealId, reports: seal!.reports, digest: seal!.digest },
            },
          },
        ]);
        await runner.commitTransaction();
      }
      return {
        format: options.format,
        file: options.file,
        fileSha256: fileHash.digest('hex'),
        agreementId,
        rows,
        inserted,
        alreadyPresent: refused ? 0 : staged - inserted,
        skipped: problems.length,
        problems,
        outsideActors: [...resolver.outsideActors].map(([name, n]) => ({ name, rows: n })).sort((a, b) => b.rows - a.rows || a.name.localeCompare(b.name)),
        byOutcome,
        refused,
        seconds: (performance.now() - started) / 1000,
      };
    } catch (error) {
      // A chunk may still be on its way: let it end first, so nothing of it runs after the rollback.
      await writing.catch(() => undefined);
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** The rules, with the party outside the agreement added to the registry first if the agreement lacks it. */
  private async rulesWithOutsideParty(account: AuthUser, agreementId: string, mapping: ActorMapping): Promise<AgreementRules> {
    const registry = await this.truce.findRegistry(agreementId);
    if (!registry) throw new ImportRefused(`There is no agreement ${agreementId}.`);
    if (!registry.parties!.some((p) => p.name === mapping.outsideParty.name)) {
      await this.registry.addParty(account, agreementId, {
        name: mapping.outsideParty.name,
        bloc: 'other',
        guarantor: null,
        aliases: [],
        signatoryStatus: 'not_signed',
        from: registry.effectiveFrom.toISOString(),
        ...(mapping.outsideParty.note ? { note: mapping.outsideParty.note } : {}),
      });
    }
    return toRules((await this.truce.findRegistry(agreementId))!);
  }

  private toRow(
    r: SourceRecord,
    format: SourceSystem,
    rules: AgreementRules,
    resolver: ActorResolver,
    outsideId: string,
    filedBy: string,
    agreementId: string,
    reportedAt: string,
    byOutcome: Record<string, number>,
    classified: Map<string, { outcome: string; reasons: string; responsibleGuarantor: string | null }>,
  ): string {
    const partyOf = (res: ActorResolution) => ('partyId' in res ? res.partyId : 'outside' in res ? outsideId : null);
    const perpetrator = resolver.resolve(r.actor1, r.inter1, 'perpetrator');
    const perpetratorPartyId = 'civilians' in perpetrator ? outsideId : partyOf(perpetrator);
    const targetRes = r.targetsCivilians ? ({ civilians: true } as const) : resolver.resolve(r.actor2, r.inter2, 'target');
    const target = 'civilians' in targetRes ? ({ civilians: true } as const) : { partyId: partyOf(targetRes) ?? outsideId };
    // The classification depends on these four only (and the rules, fixed for the import): computed once per distinct combination.
    const key = `${r.occurredAt}|${r.governorate}|${perpetratorPartyId}|${'partyId' in target ? target.partyId : 'civilians'}`;
    let classification = classified.get(key);
    if (!classification) {
      const c = classifyIncident({ occurredAt: r.occurredAt, governorate: r.governorate, perpetratorPartyId, target }, rules);
      classification = { outcome: c.outcome, reasons: JSON.stringify(c.reasons), responsibleGuarantor: c.responsibleGuarantor };
      classified.set(key, classification);
    }
    byOutcome[classification.outcome] = (byOutcome[classification.outcome] ?? 0) + 1;
    const civilians = r.civiliansKilled;
    const values: unknown[] = [
      randomUUID(), agreementId, r.occurredAt, r.timePrecision, reportedAt, r.lat, r.lon, r.geoPrecision, r.governorate, r.placeName,
      r.eventType, perpetratorPartyId, 'partyId' in target ? target.partyId : null, 'civilians' in target, r.killed.low, r.killed.best, r.killed.high,
      civilians, civilians, civilians, JSON.stringify([{ kind: 'other', note: r.sourceNote }]), r.description, 'reported', classification.outcome,
      classification.reasons, classification.responsibleGuarantor, filedBy, format, r.sourceId,
    ];
    return csvRecord(values.map((v) => csvField(v)));
  }
}
