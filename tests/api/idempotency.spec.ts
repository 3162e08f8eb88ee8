import type { IncidentView } from '@truce-monitor/domain';
import { aReport, newKey, seededTruce } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('POST /api/incidents with an Idempotency-Key: retries never duplicate', () => {
  let t: TestApp;
  let token: string;
  let agreementId: string;
  const count = async (key?: string) =>
    (
      await t.db.query(
        key
          ? 'SELECT count(*)::int AS n FROM incidents i JOIN idempotency_keys k ON k.response_body->>\'id\' = i.id::text WHERE k.key = $1'
          : 'SELECT count(*)::int AS n FROM incidents',
        key ? [key] : [],
      )
    ).rows[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
    token = (await t.login('monitor')).accessToken;
    agreementId = (await seededTruce(t, token)).agreement.id;
  });
  afterAll(() => t.close());

  const post = (key: string, body: object) =>
    t.http.post('/api/incidents').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send(body);

  it('the same key and body answer the first response again, with no second row', async () => {
    const key = newKey();
    const body = aReport(agreementId);
    const before = await count();
    const first = await post(key, body);
    const again = await post(key, body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((again.body as IncidentView).id).toBe((first.body as IncidentView).id);
    expect(again.body).toEqual(first.body);
    expect(await count()).toBe(before + 1);
  });

  it('the same key with another body is a 422 naming the key, and stores nothing', async () => {
    const key = newKey();
    expect((await post(key, aReport(agreementId))).status).toBe(201);
    const before = await count();
    const other = await post(key, aReport(agreementId, { description: 'A different account of it.' }));
    expect(other.status).toBe(422);
    expect(other.body.details).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    expect(await count()).toBe(before);
  });

  it('fifty concurrent POSTs with one key leave exactly one report; the others are replays or 409 with Retry-After', async () => {
    const key = newKey();
    const body = aReport(agreementId, { description: 'Fifty retries from a bad connection.' });
    const before = await count();
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(key, body)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => (a.body as IncidentView).id)).size).toBe(1);
    for (const conflict of answers.filter((a) => a.status === 409)) expect(conflict.headers['retry-after']).toBe('1');
    expect(await count()).toBe(before + 1);
    expect(await count(key)).toBe(1);
  });

  it('keys belong to an account: another account may use the same key for its own report', async () => {
    const key = newKey();
    const reviewer = (await t.login('reviewer')).accessToken;
    const mine = await post(key, aReport(agreementId));
    const theirs = await t.http.post('/api/incidents').set('Authorization', `Bearer ${reviewer}`).set('Idempotency-Key', key).send(aReport(agreementId));
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('a key whose stored answer has expired may be used afresh: a new report, the key now answering it', async () => {
    const key = newKey();
    const first = await post(key, aReport(agreementId));
    expect(first.status).toBe(201);
    await t.db.query("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1", [key]);
    const body = aReport(agreementId, { description: 'Filed again after the key expired.' });
    const fresh = await post(key, body);
    expect(fresh.status).toBe(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(fresh.body.id).not.toBe(first.body.id);
    const again = await post(key, body);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(fresh.body.id);
    const stored = (await t.db.query('SELECT response_body->>\'id\' AS id, expires_at > now() + interval \'6 days\' AS renewed FROM idempotency_keys WHERE key = $1', [key])).rows;
    expect(stored).toEqual([{ id: fresh.body.id, renewed: true }]);
  });
});
