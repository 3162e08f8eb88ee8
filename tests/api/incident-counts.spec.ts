import { VERIFICATION_STATES, type IncidentCounts, type IncidentView } from '@truce-monitor/domain';
import { aReport, newKey, seededTruce } from '../support/fixtures.js';
import { bearers, startTestApp, type TestApp } from '../support/test-app.js';

/** `GET /api/incidents/counts?by=verification`: every review tab's count in one request. */
describe('report counts by verification state', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  let agreementId: string;

  beforeAll(async () => {
    t = await startTestApp();
    auth = await bearers(t, ['monitor', 'reviewer', 'officer-ru', 'analyst', 'admin']);
    agreementId = (await seededTruce(t, (await t.login('monitor')).accessToken)).agreement.id;
  });
  afterAll(() => t.close());

  const counts = (user: string, query: string) => t.http.get(`/api/incidents/counts?${query}`).set('Authorization', auth[user]!);
  const file = async () => {
    const res = await t.http.post('/api/incidents').set('Authorization', auth.monitor!).set('Idempotency-Key', newKey()).send(aReport(agreementId));
    expect(res.status).toBe(201);
    return res.body as IncidentView;
  };
  const verify = async (id: string, to: string, extra: object = {}) => {
    const res = await t.http.post(`/api/incidents/${id}/verification`).set('Authorization', auth.reviewer!).send({ to, ...extra });
    expect(res.status).toBe(200);
  };
  /** The same figures, one listing per state (what the tabs did before). */
  const listed = async () => {
    const out: Record<string, number> = {};
    for (const state of VERIFICATION_STATES) {
      const res = await t.http.get(`/api/incidents?agreementId=${agreementId}&verification=${state}&limit=500`).set('Authorization', auth.reviewer!);
      out[state] = res.body.items.length;
    }
    return out;
  };

  it('names every state, zero included, and agrees with the lists', async () => {
    const empty = await counts('reviewer', `by=verification&agreementId=${agreementId}`);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ by: 'verification', agreementId, counts: { reported: 0, corroborated: 0, verified: 0, rejected: 0, duplicate: 0 } });

    const reports = [];
    for (let i = 0; i < 5; i++) reports.push(await file());
    await verify(reports[0]!.id, 'verified');
    await verify(reports[1]!.id, 'rejected', { note: 'not credible' });
    await verify(reports[2]!.id, 'duplicate', { duplicateOf: reports[3]!.id });
    const body = (await counts('admin', `by=verification&agreementId=${agreementId}`)).body as IncidentCounts;
    expect(body.counts).toEqual({ reported: 2, corroborated: 0, verified: 1, rejected: 1, duplicate: 1 });
    expect(body.counts).toEqual(await listed());
    // Without an agreement: every report.
    const all = (await counts('reviewer', 'by=verification')).body as IncidentCounts;
    expect(all.agreementId).toBeNull();
    expect(Object.values(all.counts).reduce((a, b) => a + b, 0)).toBe(Number((await t.db.query('SELECT count(*) AS n FROM incidents')).rows[0].n));
  });

  it('reviewers and admins only', async () => {
    for (const user of ['monitor', 'officer-ru', 'analyst']) {
      const res = await counts(user, 'by=verification');
      expect(res.status).toBe(403);
    }
    expect((await t.http.get('/api/incidents/counts?by=verification')).status).toBe(401);
  });

  it('a bad parameter is a 400 naming it, never a 500', async () => {
    for (const [query, field] of [
      ['', 'by'],
      ['by=outcome', 'by'],
      ['by=verification&by=verification', 'by'],
      ['by=verification&agreementId=nope', 'agreementId'],
      ['by=verification&colour=red', 'colour'],
    ]) {
      const res = await counts('reviewer', query!);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });
});
