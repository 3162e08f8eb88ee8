import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { AuditService } from '../../apps/api/src/audit/audit.service.js';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options.js';
import { SYRIA_ACTOR_MAPPING } from '../../apps/api/src/imports/actor-mapping.js';
import { Importer } from '../../apps/api/src/imports/importer.js';
import { sealUnsealedReports } from '../../apps/api/src/database/migrations/1764700000000-incident-state-seals.js';
import { IncidentsService } from '../../apps/api/src/incidents/incidents.service.js';
import { aReport, newKey, seededTruce } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);

describe('the audit trail', () => {
  let t: TestApp;
  let audit: AuditService;
  beforeAll(async () => {
    t = await startTestApp();
    audit = t.app.get(AuditService);
    const token = (await t.login('monitor')).accessToken;
    const { agreement } = await seededTruce(t, token);
    for (let i = 0; i < 5; i++)
      await t.http.post('/api/incidents').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', newKey()).send(aReport(agreement.id)).expect(201);
  });
  afterAll(() => t.close());

  /** Tampering as someone with direct SQL access would: bypassing the append-only trigger. */
  async function tamper(sql: string, params: unknown[] = [], app: TestApp = t) {
    const client = await app.db.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(sql, params);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  it('verifies after seeding and filing', async () => {
    const result = await audit.verify();
    expect(result).toEqual(expect.objectContaining({ ok: true }));
    expect(result.checked).toBeGreaterThan(20);
  });

  it('refuses UPDATE and DELETE on written entries', async () => {
    await expect(t.db.query("UPDATE audit_log SET action = 'x' WHERE id = 1")).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_log WHERE id = 1')).rejects.toThrow(/append-only/);
  });

  it('names the first entry whose content was altered directly in SQL', async () => {
    const { rows } = await t.db.query("SELECT id FROM audit_log WHERE action = 'incident.filed' ORDER BY id LIMIT 1 OFFSET 2");
    const id = Number(rows[0].id);
    await tamper(`UPDATE audit_log SET data = jsonb_set(data, '{input,description}', '"rewritten"') WHERE id = $1`, [id]);
    const result = await audit.verify();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.firstBad).toEqual({ id, problem: expect.stringMatching(/does not match its hash/) });
  });

  it('names a removed entry', async () => {
    const fresh = await startTestApp();
    try {
      await tamper('DELETE FROM audit_log WHERE id = 3', [], fresh);
      const result = await fresh.app.get(AuditService).verify();
      expect(!result.ok && result.firstBad.id).toBe(3);
      expect(!result.ok && result.firstBad.problem).toMatch(/missing/);
    } finally {
      await fresh.close();
    }
  });
});

describe("the audit trail seals each report's state", () => {
  let t: TestApp;
  let audit: AuditService;
  let dataSource: DataSource;
  let routed: { id: string; acknowledgeBy: string };
  let imported: string;
  let monitor: string;
  let incidentColumns: string;
  const lastEntryFor = async (incidentId: string) =>
    Number((await t.db.query("SELECT max(id) AS id FROM audit_log WHERE entity_type = 'incident' AND entity_id = $1", [incidentId])).rows[0].id);

  /** Direct SQL as an attacker with database access would write it, triggers bypassed. */
  async function asAttacker(...statements: [string, unknown[]?][]) {
    const client = await t.db.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      for (const [sql, params] of statements) await client.query(sql, params ?? []);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    audit = t.app.get(AuditService);
    monitor = (await t.login('monitor')).accessToken;
    const { agreement, party } = await seededTruce(t, monitor);
    const government = { id: party('Syrian Arab Army and government forces') };
    const file = async () =>
      (
        await t.http
          .post('/api/incidents')
          .set('Authorization', `Bearer ${monitor}`)
          .set('Idempotency-Key', newKey())
          .send(aReport(agreement.id, { perpetratorPartyId: government.id }))
          .expect(201)
      ).body as { id: string; acknowledgeBy: string };
    routed = await file();
    const reviewed = await file();
    await file();
    // Every kind of write that touches a report: review, overdue, answer, confirmation, import.
    const reviewer = (await t.login('reviewer')).accessToken;
    await t.http.post(`/api/incidents/${reviewed.id}/verification`).set('Authorization', `Bearer ${reviewer}`).send({ to: 'rejected', note: 'no such shelling' }).expect(200);
    expect(await t.app.get(IncidentsService).announceOverdue(new Date(Date.parse(routed.acknowledgeBy) + 60_000))).toBeGreaterThanOrEqual(1);
    const officer = (await t.login('officer-ru')).accessToken;
    await t.http.post(`/api/incidents/${routed.id}/responses`).set('Authorization', `Bearer ${officer}`).send({ response: 'investigating' }).expect(200);
    const turkey = (await t.login('officer-tr')).accessToken;
    await t.http.post(`/api/incidents/${routed.id}/confirmations`).set('Authorization', `Bearer ${turkey}`).send({ confirmation: 'confirmed' }).expect(200);
    dataSource = new DataSource(dataSourceOptions(t.databaseUrl));
    await dataSource.initialize();
    await new Importer(dataSource).run({ format: 'acled', file: resolve('tests/fixtures/acled-syria-sample.csv'), mapping: SYRIA_ACTOR_MAPPING, strict: false });
    imported = (await t.db.query("SELECT id FROM incidents WHERE source_id = 'SYR1001'")).rows[0].id;
    await t.db.query('CREATE TABLE snapshot_incidents AS SELECT * FROM incidents');
    // Every column but the generated ones, which PostgreSQL computes itself and refuses values for.
    incidentColumns = (
      await t.db.query(
        `SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS columns
           FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'incidents' AND is_generated = 'NEVER'`,
      )
    ).rows[0].columns;
    await t.db.query('CREATE TABLE snapshot_audit_log AS SELECT * FROM audit_log');
    await t.db.query('CREATE TABLE snapshot_audit_chain_head AS SELECT * FROM audit_chain_head');
  });
  afterAll(async () => {
    await dataSource.destroy();
    await t.close();
  });
  afterEach(async () => {
    await asAttacker(
      ['DELETE FROM incidents'],
      [`INSERT INTO incidents (${incidentColumns}) SELECT ${incidentColumns} FROM snapshot_incidents`],
      ['DELETE FROM audit_log'],
      ['INSERT INTO audit_log SELECT * FROM snapshot_audit_log'],
      ['UPDATE audit_chain_head h SET last_id = s.last_id, last_hash = s.last_hash FROM snapshot_audit_chain_head s'],
    );
    expect((await audit.verify()).ok).toBe(true);
  });

  it('verifies every report after filing, review, overdue, answers, confirmations and an import', async () => {
    const result = await audit.verify();
    expect(result.ok).toBe(true);
    expect(result.ok && result.reportsChecked).toBe(Number((await t.db.query('SELECT count(*) FROM incidents')).rows[0].count));
    expect(result.ok && result.reportsChecked).toBeGreaterThan(10);
  });

  it("names the entry whose recorded state a report no longer matches", async () => {
    await asAttacker(['UPDATE incidents SET killed_best = killed_best + 1, killed_high = killed_high + 1 WHERE id = $1', [routed.id]]);
    const result = await audit.verify();
    expect(!result.ok && result.firstBad).toEqual({
      id: await lastEntryFor(routed.id),
      incidentId: routed.id,
      problem: expect.stringMatching(/changed behind the audit's back/),
    });
  });

  it('catches an edit that a later, legitimate change would otherwise cover', async () => {
    await asAttacker(["UPDATE incidents SET description = 'rewritten' WHERE id = $1", [routed.id]]);
    const before = await lastEntryFor(routed.id);
    const reviewer = (await t.login('reviewer')).accessToken;
    await t.http.post(`/api/incidents/${routed.id}/verification`).set('Authorization', `Bearer ${reviewer}`).send({ to: 'rejected', note: 'no such shelling' }).expect(200);
    const result = await audit.verify();
    expect(!result.ok && result.firstBad).toEqual({
      id: await lastEntryFor(routed.id),
      incidentId: routed.id,
      problem: expect.stringContaining(`changed after entry ${before} without an entry`),
    });
  });

  it('names the last entry of a report deleted behind its back', async () => {
    await asAttacker(['DELETE FROM incidents WHERE id = $1', [routed.id]]);
    const result = await audit.verify();
    expect(!result.ok && result.firstBad).toEqual({ id: await lastEntryFor(routed.id), incidentId: routed.id, problem: expect.stringMatching(/is gone/) });
  });

  it('names the import whose reports no longer match its seal: edited, deleted or added', async () => {
    const importEntry = Number((await t.db.query("SELECT id FROM audit_log WHERE action = 'incidents.imported'")).rows[0].id);
    for (const edit of [
      ["UPDATE incidents SET governorate = CASE WHEN governorate = 'SY-ID' THEN 'SY-HL' ELSE 'SY-ID' END WHERE id = $1", [imported]],
      ['DELETE FROM incidents WHERE id = $1', [imported]],
      ['UPDATE incidents SET seal_id = NULL WHERE id = $1', [imported]],
    ] as [string, unknown[]][]) {
      await asAttacker(edit);
      const result = await audit.verify();
      expect(!result.ok && result.firstBad.id).toBe(importEntry);
      expect(!result.ok && result.firstBad.problem).toMatch(/do not match its digest/);
      await asAttacker(['DELETE FROM incidents'], [`INSERT INTO incidents (${incidentColumns}) SELECT ${incidentColumns} FROM snapshot_incidents`]);
    }
  });

  it('names a report written around the audit trail', async () => {
    const forged = randomUUID();
    await asAttacker([
      `INSERT INTO incidents (${incidentColumns})
       SELECT ${incidentColumns} FROM (SELECT (jsonb_populate_record(i, jsonb_build_object('id', $1::uuid, 'seal_id', null))).* FROM incidents i WHERE id = $2) r`,
      [forged, routed.id],
    ]);
    const result = await audit.verify();
    expect(!result.ok && result.firstBad).toEqual({ id: null, incidentId: forged, problem: expect.stringMatching(/has no audit entry/) });
  });

  it('seals the reports an older version wrote without seals, once, when the seals migration runs', async () => {
    const legacy = randomUUID();
    await asAttacker([
      `INSERT INTO incidents (${incidentColumns})
       SELECT ${incidentColumns} FROM (SELECT (jsonb_populate_record(i, jsonb_build_object('id', $1::uuid, 'seal_id', null))).* FROM incidents i WHERE id = $2) r`,
      [legacy, routed.id],
    ]);
    expect((await audit.verify()).ok).toBe(false);
    const runner = dataSource.createQueryRunner();
    try {
      // What the seals migration does on a database an older version filled.
      expect(await sealUnsealedReports(runner)).toBe(1);
      expect(await sealUnsealedReports(runner)).toBe(0);
    } finally {
      await runner.release();
    }
    const baseline = (await t.db.query("SELECT data FROM audit_log WHERE action = 'incidents.sealed'")).rows;
    expect(baseline).toEqual([{ data: expect.objectContaining({ seal: expect.objectContaining({ reports: 1 }) }) }]);
    expect((await audit.verify()).ok).toBe(true);
    // From here on, an edit of the legacy report is caught, naming the baseline entry.
    await asAttacker(["UPDATE incidents SET description = 'rewritten' WHERE id = $1", [legacy]]);
    const result = await audit.verify();
    expect(!result.ok && result.firstBad.problem).toMatch(/do not match its digest/);
    expect(!result.ok && result.firstBad.id).toBe(Number((await t.db.query("SELECT id FROM audit_log WHERE action = 'incidents.sealed'")).rows[0].id));
  });

  it('the command says which report, and exits 1', async () => {
    await asAttacker(["UPDATE incidents SET description = 'rewritten' WHERE id = $1", [imported]]);
    const out = await run(process.execPath, ['dist/apps/api/audit/verify-audit.js'], { env: { ...process.env, DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'silent' } }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code?: number; stdout?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? '' }),
    );
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/BROKEN at entry \d+: the reports sealed by this entry/);
  });
});
