import { AuditService } from '../../apps/api/src/audit/audit.service.js';
import { aReport, newKey, seededTruce } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

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
