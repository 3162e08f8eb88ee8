import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { type Load, type Watcher, visibleEvents } from './clients.js';
import { REPO, until } from './util.js';

/** One invariant checked after a scenario. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export type AuditVerification =
  | { ok: true; checked: number; lastHash: string }
  | { ok: false; checked: number; firstBad: { id: number | null; incidentId?: string; problem: string } };

interface AuditModule {
  AuditService: new (dataSource: DataSource) => { verify(): Promise<AuditVerification> };
  auditEntryHash(entry: { id: number; at: Date; actorId: string | null; action: string; entityType: string; entityId: string; data: object; prevHash: string }): string;
}

const dist = (path: string) => import(pathToFileURL(join(REPO, 'dist/apps/api', path)).href);

export async function auditModule(): Promise<AuditModule> {
  return (await dist('audit/audit.service.js')) as AuditModule;
}

/** The product's own verifier (AuditService.verify(), compiled) on a database. */
export class AuditVerifier {
  private constructor(
    private readonly dataSource: DataSource,
    private readonly service: { verify(): Promise<AuditVerification> },
  ) {}

  static async open(url: string): Promise<AuditVerifier> {
    const { dataSourceOptions } = (await dist('database/data-source-options.js')) as { dataSourceOptions(url: string): DataSourceOptions };
    const { AuditService } = await auditModule();
    const options = dataSourceOptions(url);
    const dataSource = new DataSource({ ...options, extra: { ...(options.extra as object), max: 2 } } as DataSourceOptions);
    await dataSource.initialize();
    return new AuditVerifier(dataSource, new AuditService(dataSource));
  }

  verify(): Promise<AuditVerification> {
    return this.service.verify();
  }

  async close(): Promise<void> {
    await this.dataSource.destroy().catch(() => undefined);
  }
}

export async function verifyAudit(url: string): Promise<AuditVerification> {
  const verifier = await AuditVerifier.open(url);
  try {
    return await verifier.verify();
  } finally {
    await verifier.close();
  }
}

export interface LostFigures {
  acked: number;
  foundOnce: number;
  missing: number;
  duplicates: number;
  reports: number;
  events: number;
  gaps: number;
  auditEntries: number;
  clients: number;
  clientEvents: number;
  clientMissing: number;
  clientDuplicates: number;
  clientDisorder: number;
  clientForeign: number;
}

/**
 * "Nothing lost", checked on the database and on every client after a scenario:
 * every key that got a 2xx exists exactly once, with the report its answer
 * named; the reports are exactly those acknowledged; each has one
 * incident.created event; the event log is gapless (max(seq) = count =
 * event_log_counter.last_seq); the audit chain verifies; every client holds
 * every event it may see after it connected, once, in order, and nothing else.
 */
export async function nothingLost(options: {
  databaseUrl: string;
  baseUrl: string;
  loads: Load[];
  watchers: Watcher[];
  /** Reports filed in the scenario outside the loads (counted as acknowledged too). */
  otherReports?: string[];
  catchUpMs?: number;
}): Promise<{ checks: Check[]; figures: LostFigures }> {
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const db = new pg.Client({ connectionString: options.databaseUrl });
  db.on('error', () => undefined);
  await db.connect();
  const figures: LostFigures = {
    acked: 0, foundOnce: 0, missing: 0, duplicates: 0, reports: 0, events: 0, gaps: 0, auditEntries: 0,
    clients: options.watchers.length, clientEvents: 0, clientMissing: 0, clientDuplicates: 0, clientDisorder: 0, clientForeign: 0,
  };
  try {
    // Keys and reports.
    const acked = new Map<string, string>();
    for (const load of options.loads) for (const [k, id] of load.acked) acked.set(k, id);
    const refused = options.loads.reduce((n, l) => n + l.refused.size, 0);
    const conflicting = options.loads.reduce((n, l) => n + l.conflicting.length, 0);
    const unfinished = options.loads.reduce((n, l) => n + l.unfinished, 0);
    figures.acked = acked.size + (options.otherReports?.length ?? 0);

    // Keys are fresh UUIDs, so the key alone names the request whatever account sent it.
    const keys = await db.query<{ key: string; id: string; n: string }>(
      `SELECT key, response_body->>'id' AS id, count(*) OVER (PARTITION BY key) AS n FROM idempotency_keys`,
    );
    const storedKey = new Map(keys.rows.map((r) => [r.key, r]));
    const incidents = await db.query<{ id: string }>('SELECT id FROM incidents');
    const incidentIds = new Map<string, number>();
    for (const r of incidents.rows) incidentIds.set(r.id, (incidentIds.get(r.id) ?? 0) + 1);
    figures.reports = incidents.rows.length;

    let keyMissing = 0;
    let keyWrong = 0;
    for (const [key, id] of acked) {
      const stored = storedKey.get(key);
      if (!stored) keyMissing += 1;
      else if (stored.id !== id || Number(stored.n) !== 1) keyWrong += 1;
      const n = incidentIds.get(id) ?? 0;
      if (n === 1) figures.foundOnce += 1;
      else if (n === 0) figures.missing += 1;
      else figures.duplicates += n - 1;
    }
    for (const id of options.otherReports ?? []) {
      const n = incidentIds.get(id) ?? 0;
      if (n === 1) figures.foundOnce += 1;
      else if (n === 0) figures.missing += 1;
    }
    const expectedIds = new Set([...acked.values(), ...(options.otherReports ?? [])]);
    const stray = incidents.rows.filter((r) => !expectedIds.has(r.id)).length;
    figures.duplicates += stray;
    check('every 2xx key stored once, naming its report', keyMissing === 0 && keyWrong === 0, `${acked.size} keys acknowledged; ${keyMissing} not stored, ${keyWrong} stored differently`);
    check('every acknowledged report exists exactly once', figures.missing === 0 && figures.foundOnce === figures.acked, `${figures.foundOnce}/${figures.acked} found once, ${figures.missing} missing`);
    check('reports = acknowledged (retries count once)', figures.reports === figures.acked && stray === 0, `${figures.reports} reports for ${figures.acked} acknowledged; ${stray} not acknowledged`);
    check('no answer named another report; no valid report refused; none left unanswered', conflicting === 0 && refused === 0 && unfinished === 0, `${conflicting} conflicting, ${refused} refused, ${unfinished} unanswered`);

    // Events.
    const created = await db.query<{ id: string; n: string }>(
      `SELECT data->>'id' AS id, count(*) AS n FROM event_log WHERE type = 'incident.created' GROUP BY 1`,
    );
    const createdFor = new Map(created.rows.map((r) => [r.id, Number(r.n)]));
    const withoutEvent = incidents.rows.filter((r) => createdFor.get(r.id) !== 1).length;
    const orphanEvents = created.rows.filter((r) => !incidentIds.has(r.id)).length;
    check('one incident.created event per report', withoutEvent === 0 && orphanEvents === 0, `${withoutEvent} reports without exactly one, ${orphanEvents} events for no report`);
    const log = (await db.query<{ n: string; max: string | null; min: string | null; last: string }>(
      'SELECT count(*) AS n, max(seq) AS max, min(seq) AS min, (SELECT last_seq FROM event_log_counter WHERE id = 1) AS last FROM event_log',
    )).rows[0]!;
    figures.events = Number(log.n);
    figures.gaps = Number(log.max ?? 0) - Number(log.n);
    const gapless = Number(log.n) === Number(log.max ?? 0) && Number(log.last) === Number(log.n) && (log.n === '0' || Number(log.min) === 1);
    check('event log gapless: max(seq) = count = last_seq', gapless, `count ${log.n}, max ${log.max ?? 0}, counter ${log.last}`);
  } finally {
    await db.end().catch(() => undefined);
  }

  // The audit chain, with the product's own verifier.
  const audit = await verifyAudit(options.databaseUrl);
  figures.auditEntries = audit.checked;
  check('audit chain verifies', audit.ok, audit.ok ? `${audit.checked} entries` : `broken at ${audit.firstBad.id}: ${audit.firstBad.problem}`);

  // Clients.
  if (options.watchers.length > 0) {
    const expected = new Map<string, { seqs: number[]; head: number }>();
    const byUser = new Map<string, Watcher[]>();
    for (const w of options.watchers) byUser.set(w.user, [...(byUser.get(w.user) ?? []), w]);
    for (const [user, ws] of byUser) {
      const from = Math.min(...ws.map((w) => w.startSeq ?? Number.MAX_SAFE_INTEGER));
      expected.set(user, await visibleEvents(options.baseUrl, ws[0]!.token, from === Number.MAX_SAFE_INTEGER ? 0 : from));
    }
    const due = (w: Watcher) => {
      const e = expected.get(w.user)!;
      const mine = e.seqs.filter((s) => s > (w.startSeq ?? Infinity));
      return mine.at(-1) ?? 0;
    };
    await until(() => options.watchers.every((w) => w.startSeq !== null && (w.lastSeq ?? 0) >= due(w)), options.catchUpMs ?? 30_000, 100);
    let neverConnected = 0;
    for (const w of options.watchers) {
      if (w.startSeq === null) {
        neverConnected += 1;
        continue;
      }
      const want = expected.get(w.user)!.seqs.filter((s) => s > w.startSeq!);
      const wantSet = new Set(want);
      const seen = new Map<number, number>();
      let disorder = 0;
      w.received.forEach((s, i) => {
        seen.set(s, (seen.get(s) ?? 0) + 1);
        if (i > 0 && s <= w.received[i - 1]!) disorder += 1;
      });
      figures.clientEvents += w.received.length;
      figures.clientMissing += want.filter((s) => !seen.has(s)).length;
      figures.clientDuplicates += [...seen.values()].reduce((n, c) => n + c - 1, 0);
      figures.clientDisorder += disorder;
      figures.clientForeign += [...seen.keys()].filter((s) => !wantSet.has(s)).length;
    }
    check(
      'every client holds every event it may see, once, in order',
      neverConnected === 0 && figures.clientMissing === 0 && figures.clientDuplicates === 0 && figures.clientDisorder === 0 && figures.clientForeign === 0,
      `${options.watchers.length} clients, ${figures.clientEvents} events held; missing ${figures.clientMissing}, duplicates ${figures.clientDuplicates}, out of order ${figures.clientDisorder}, not theirs ${figures.clientForeign}, never connected ${neverConnected}`,
    );
  }
  return { checks, figures };
}
