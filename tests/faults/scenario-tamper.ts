import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { AuditVerifier, auditModule, nothingLost } from './checks.js';
import { Load, api, fieldSetup, reportBody } from './clients.js';
import type { Context } from './context.js';
import type { ScenarioResult } from './report.js';
import { REPO, type Random, writableColumns } from './util.js';

const run = promisify(execFile);

interface Row {
  id: string;
  at: Date;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  data: object;
  prev_hash: string;
  hash: string;
}

type Tamper = (db: pg.Client, last: number, random: Random) => Promise<{ kind: string; expect: number | null }>;

const hex = () => randomBytes(32).toString('hex');

/** Changes an attacker with direct SQL access makes, each with the entry a verifier must name first. */
const TAMPERS: Tamper[] = [
  async (db, last, random) => {
    const id = random.int(1, last);
    await db.query(`UPDATE audit_log SET data = jsonb_set(data, '{tampered}', to_jsonb($2::text)) WHERE id = $1`, [id, hex().slice(0, 8)]);
    return { kind: 'data altered', expect: id };
  },
  async (db, last, random) => {
    const id = random.int(1, last);
    const field = random.pick(['action', 'entity_type', 'entity_id', 'at', 'actor_id'] as const);
    const set = {
      action: `action = action || '.x'`,
      entity_type: `entity_type = 'forged'`,
      entity_id: `entity_id = '${randomBytes(8).toString('hex')}'`,
      at: `at = at - interval '1 hour'`,
      actor_id: `actor_id = CASE WHEN actor_id IS NULL THEN gen_random_uuid() ELSE NULL END`,
    }[field];
    await db.query(`UPDATE audit_log SET ${set} WHERE id = $1`, [id]);
    return { kind: `${field} altered`, expect: id };
  },
  async (db, last, random) => {
    const id = random.int(1, last);
    await db.query('UPDATE audit_log SET hash = $2 WHERE id = $1', [id, hex()]);
    return { kind: 'hash replaced', expect: id };
  },
  async (db, last, random) => {
    const id = random.int(1, last);
    await db.query('UPDATE audit_log SET prev_hash = $2 WHERE id = $1', [id, hex()]);
    return { kind: 'link replaced', expect: id };
  },
  async (db, last, random) => {
    const id = random.int(1, last);
    await db.query('DELETE FROM audit_log WHERE id = $1', [id]);
    return { kind: id === last ? 'last entry deleted' : 'entry deleted', expect: id };
  },
  async (db, last, random) => {
    const k = random.int(1, Math.min(5, last));
    await db.query('DELETE FROM audit_log WHERE id > $1', [last - k]);
    return { kind: 'tail cut off', expect: last - k + 1 };
  },
  async (db, last, random) => {
    const a = random.int(1, last - 1);
    const b = random.int(a + 1, last);
    await db.query('UPDATE audit_log SET id = -id WHERE id IN ($1, $2)', [a, b]);
    await db.query('UPDATE audit_log SET id = CASE WHEN id = $1::bigint THEN $2::bigint ELSE $3::bigint END WHERE id IN ($1::bigint, $4::bigint)', [-a, b, a, -b]);
    return { kind: 'two entries swapped', expect: a };
  },
  async (db, last, random) => {
    // A forged entry slipped into the middle: later ids shifted up, the head moved along.
    const at = random.int(2, last);
    await db.query('UPDATE audit_log SET id = -id WHERE id >= $1', [at]);
    await db.query('UPDATE audit_log SET id = -id + 1 WHERE id < 0');
    const prev = (await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE id = $1', [at - 1])).rows[0]!.hash;
    await db.query(
      `INSERT INTO audit_log (id, at, actor_id, action, entity_type, entity_id, data, prev_hash, hash)
       VALUES ($1, now(), NULL, 'incident.filed', 'incident', gen_random_uuid()::text, '{"forged":true}', $2, $3)`,
      [at, prev, hex()],
    );
    await db.query('UPDATE audit_chain_head SET last_id = last_id + 1 WHERE id = 1');
    return { kind: 'entry inserted in the middle', expect: at };
  },
  async (db, last) => {
    // Appended with a made-up hash, and the head moved to it to cover the trace.
    const prev = (await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE id = $1', [last])).rows[0]!.hash;
    const hash = hex();
    await db.query(
      `INSERT INTO audit_log (id, at, actor_id, action, entity_type, entity_id, data, prev_hash, hash)
       VALUES ($1, now(), NULL, 'incident.filed', 'incident', gen_random_uuid()::text, '{"forged":true}', $2, $3)`,
      [last + 1, prev, hash],
    );
    await db.query('UPDATE audit_chain_head SET last_id = $1, last_hash = $2 WHERE id = 1', [last + 1, hash]);
    return { kind: 'entry appended (head moved)', expect: last + 1 };
  },
  async (db, last) => {
    // Appended with a correctly computed hash, the head left where it was.
    const { auditEntryHash } = await auditModule();
    const prev = (await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE id = $1', [last])).rows[0]!.hash;
    const entry = { id: last + 1, at: new Date(), actorId: null, action: 'incident.filed', entityType: 'incident', entityId: hex().slice(0, 36), data: { forged: true }, prevHash: prev };
    await db.query(
      `INSERT INTO audit_log (id, at, actor_id, action, entity_type, entity_id, data, prev_hash, hash) VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8)`,
      [entry.id, entry.at, entry.action, entry.entityType, entry.entityId, JSON.stringify(entry.data), prev, auditEntryHash(entry)],
    );
    return { kind: 'entry appended, rehashed (head not moved)', expect: last + 1 };
  },
  async (db, last) => {
    // The last entry rewritten with a correctly computed hash; the head still holds the old one.
    const { auditEntryHash } = await auditModule();
    const row = (await db.query<Row>('SELECT * FROM audit_log WHERE id = $1', [last])).rows[0]!;
    const entry = { id: last, at: row.at, actorId: row.actor_id, action: row.action, entityType: row.entity_type, entityId: row.entity_id, data: { ...row.data, rewritten: true }, prevHash: row.prev_hash };
    await db.query('UPDATE audit_log SET data = $2, hash = $3 WHERE id = $1', [last, JSON.stringify(entry.data), auditEntryHash(entry)]);
    return { kind: 'last entry rewritten, rehashed', expect: last };
  },
  async (db, _last, random) => {
    // A report edited behind the audit's back: the verifier names the last entry that sealed its state.
    const { id, entry } = await aSealedReport(db, random);
    const edit = random.pick([
      `description = description || ' (edited)'`,
      'killed_best = killed_best + 1, killed_high = killed_high + 1',
      `governorate = CASE WHEN governorate = 'SY-ID' THEN 'SY-HL' ELSE 'SY-ID' END`,
      `place_name = 'elsewhere'`,
      `occurred_at = occurred_at - interval '1 day'`,
      'lat = lat + 0.001',
    ] as const);
    await db.query(`UPDATE incidents SET ${edit} WHERE id = $1`, [id]);
    return { kind: 'report edited', expect: entry };
  },
  async (db, _last, random) => {
    const { id, entry } = await aSealedReport(db, random);
    await db.query('DELETE FROM incidents WHERE id = $1', [id]);
    return { kind: 'report deleted', expect: entry };
  },
  async (db, _last, random) => {
    // A report written around the audit trail: no entry names it, so the verifier names the report.
    const { id } = await aSealedReport(db, random);
    const columns = await writableColumns(db, 'incidents');
    await db.query(
      `INSERT INTO incidents (${columns})
       SELECT ${columns} FROM (SELECT (jsonb_populate_record(i, jsonb_build_object('id', gen_random_uuid(), 'seal_id', null))).* FROM incidents i WHERE id = $1) r`,
      [id],
    );
    return { kind: 'report forged', expect: null };
  },
];

/** A random report and the last audit entry that sealed its state. */
async function aSealedReport(db: pg.Client, random: Random): Promise<{ id: string; entry: number }> {
  const { rows } = await db.query<{ id: string; entry: string }>(
    `SELECT entity_id AS id, max(id) AS entry FROM audit_log WHERE entity_type = 'incident' AND data ? 'state' GROUP BY entity_id ORDER BY entity_id`,
  );
  const row = rows[random.int(0, rows.length - 1)]!;
  return { id: row.id, entry: Number(row.entry) };
}

/**
 * 5. Tamper trials: random changes made directly in SQL, bypassing the
 * append-only trigger (session_replication_role = replica, as the superuser
 * can). The product's verifier must catch every one and name the first entry
 * that does not match. Each trial starts from the intact chain.
 */
export async function tamperScenario(ctx: Context): Promise<ScenarioResult> {
  const started = Date.now();
  const trials = ctx.counts.tamperTrials;
  const { db: database, api: product, sessions, monitors, agreement } = await fieldSetup(ctx, 'tamper');

  // A history worth tampering with: reports, reviews, answers and a registry change.
  const load = new Load(product.baseUrl, monitors, agreement, 100, ctx.random, 0);
  load.start();
  await new Promise((r) => setTimeout(r, 300));
  await load.stop();
  const ids = [...load.acked.values()];
  const as = (user: keyof typeof sessions, path: string, body: object) => api(product.baseUrl, sessions[user].token, 'POST', path, body);
  for (const id of ids.slice(0, 5)) await as('reviewer', `/api/incidents/${id}/verification`, { to: 'rejected', note: 'not confirmed' });
  const government = agreement.parties.find((p) => p.guarantor === 'RU' && !p.excluded)?.id ?? null;
  const routed = await api(product.baseUrl, sessions.monitor.token, 'POST', '/api/incidents', { ...reportBody(agreement, 1), perpetratorPartyId: government }, { 'idempotency-key': `tamper-${Date.now()}` });
  const routedId = routed.body.id as string;
  await as('officer-ru', `/api/incidents/${routedId}/responses`, { response: 'investigating' });
  await as('admin', `/api/agreements/${agreement.id}/parties`, { name: 'Liwa Tamper', bloc: 'opposition', guarantor: 'TR', signatoryStatus: 'unknown', from: '2016-12-29T22:00:00Z' });
  const { checks, figures } = await nothingLost({ databaseUrl: database.url, baseUrl: product.baseUrl, loads: [load], otherReports: [routedId], watchers: [] });
  await product.stop(); // nothing writes while we tamper

  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  const verifier = await AuditVerifier.open(database.url);
  const byKind = new Map<string, { tried: number; caught: number; named: number }>();
  const misses: string[] = [];
  let cli = { tamperedExit: -1, tamperedNamed: false, intactExit: -1 };
  let probes: { appendedWithHead: boolean } = { appendedWithHead: false };
  try {
    await db.query('CREATE TABLE faults_audit_snapshot AS SELECT * FROM audit_log');
    await db.query('CREATE TABLE faults_incidents_snapshot AS SELECT * FROM incidents');
    const incidentColumns = await writableColumns(db, 'incidents');
    const head = (await db.query<{ last_id: string; last_hash: string }>('SELECT last_id, last_hash FROM audit_chain_head')).rows[0]!;
    const last = Number(head.last_id);
    const inReplica = async <T>(work: () => Promise<T>): Promise<T> => {
      await db.query('BEGIN');
      await db.query('SET LOCAL session_replication_role = replica');
      try {
        const out = await work();
        await db.query('COMMIT');
        return out;
      } catch (error) {
        await db.query('ROLLBACK');
        throw error;
      }
    };
    const restore = () =>
      inReplica(async () => {
        await db.query('DELETE FROM audit_log');
        await db.query('INSERT INTO audit_log SELECT * FROM faults_audit_snapshot');
        await db.query('DELETE FROM incidents');
        await db.query(`INSERT INTO incidents (${incidentColumns}) SELECT ${incidentColumns} FROM faults_incidents_snapshot`);
        await db.query('UPDATE audit_chain_head SET last_id = $1, last_hash = $2 WHERE id = 1', [head.last_id, head.last_hash]);
      });
    let restoredOk = 0;
    for (let i = 0; i < trials; i++) {
      // Every kind once, then at random.
      const tamper = TAMPERS[i < TAMPERS.length ? i : ctx.random.int(0, TAMPERS.length - 1)]!;
      const { kind, expect } = await inReplica(() => tamper(db, last, ctx.random));
      const result = await verifier.verify();
      const k = byKind.get(kind) ?? { tried: 0, caught: 0, named: 0 };
      k.tried += 1;
      if (!result.ok) k.caught += 1;
      if (!result.ok && result.firstBad.id === expect) k.named += 1;
      else misses.push(`${kind}: expected entry ${expect ?? '(none: the report)'}, verifier said ${result.ok ? 'ok' : `${result.firstBad.id} (${result.firstBad.problem})`}`);
      byKind.set(kind, k);
      if (i === trials - 1 && !result.ok) {
        // The same tampered database through the command an operator runs.
        const out = await run(process.execPath, [join(REPO, 'dist/apps/api/audit/verify-audit.js')], { env: { ...process.env, DATABASE_URL: database.url } }).then(
          (r) => ({ code: 0, stdout: r.stdout }),
          (e: { code?: number; stdout?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? '' }),
        );
        const where = result.firstBad.id === null ? `report ${result.firstBad.incidentId}` : `entry ${result.firstBad.id}`;
        cli = { ...cli, tamperedExit: out.code, tamperedNamed: out.stdout.includes(`BROKEN at ${where}`) };
      }
      await restore();
      if ((await verifier.verify()).ok) restoredOk += 1;
    }
    const intact = await run(process.execPath, [join(REPO, 'dist/apps/api/audit/verify-audit.js')], { env: { ...process.env, DATABASE_URL: database.url } }).then(
      () => 0,
      (e: { code?: number }) => e.code ?? -1,
    );
    cli = { ...cli, intactExit: intact };

    // A change outside what a hash chain kept in the same database can see (reported, not counted).
    probes = {
      appendedWithHead: await inReplica(async () => {
        const { auditEntryHash } = await auditModule();
        const entry = { id: last + 1, at: new Date(), actorId: null, action: 'incident.filed', entityType: 'incident', entityId: hex().slice(0, 36), data: { forged: true }, prevHash: head.last_hash };
        const hash = auditEntryHash(entry);
        await db.query(`INSERT INTO audit_log (id, at, actor_id, action, entity_type, entity_id, data, prev_hash, hash) VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8)`, [
          entry.id, entry.at, entry.action, entry.entityType, entry.entityId, JSON.stringify(entry.data), entry.prevHash, hash,
        ]);
        await db.query('UPDATE audit_chain_head SET last_id = $1, last_hash = $2 WHERE id = 1', [entry.id, hash]);
        return false;
      }).then(async () => !(await verifier.verify()).ok),
    };
    await restore();

    const tried = [...byKind.values()].reduce((n, k) => n + k.tried, 0);
    const caught = [...byKind.values()].reduce((n, k) => n + k.caught, 0);
    const named = [...byKind.values()].reduce((n, k) => n + k.named, 0);
    checks.push(
      { name: 'every tamper trial caught', ok: caught === tried, detail: `${caught}/${tried}` },
      { name: 'every catch names the first bad entry', ok: named === tried, detail: `${named}/${tried}${misses.length ? `; ${misses.slice(0, 3).join('; ')}` : ''}` },
      { name: 'the restored chain verifies after every trial', ok: restoredOk === trials, detail: `${restoredOk}/${trials}` },
      {
        name: 'npm run audit:verify (the command) exits 1 naming the entry, 0 when intact',
        ok: cli.tamperedExit === 1 && cli.tamperedNamed && cli.intactExit === 0,
        detail: `tampered: exit ${cli.tamperedExit}${cli.tamperedNamed ? ', named' : ', not named'}; intact: exit ${cli.intactExit}`,
      },
    );
    const kinds = [...byKind.entries()].sort((a, b) => b[1].tried - a[1].tried).map(([kind, k]) => `${kind} ${k.named}/${k.tried}`);
    return {
      name: '5. Tamper trials',
      injected: `${trials} random changes in SQL (trigger bypassed): to the audit trail (alter a field, the hash or the link, delete, cut the tail, swap, insert in the middle, append) and to the reports behind its back (edit, delete, forge)`,
      found: [
        `${caught}/${tried} caught, ${named}/${tried} naming the first bad entry (${figures.auditEntries} entries in the chain)`,
        kinds.join(', '),
        `audit:verify command: exit ${cli.tamperedExit} on a tampered chain (entry ${cli.tamperedNamed ? 'named' : 'NOT named'}), ${cli.intactExit} on the intact one`,
        `not detectable by design (reported, not counted): an entry appended with a correct hash and the head moved — ${probes.appendedWithHead ? 'caught' : 'not caught'}`,
      ],
      checks,
      durationMs: Date.now() - started,
    };
  } finally {
    await verifier.close();
    await db.end().catch(() => undefined);
  }
}
