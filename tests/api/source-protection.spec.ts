import type { IncidentView, LiveEvent } from '@truce-monitor/domain';
import { aReport, newKey, seededTruce } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A monitor's identity never reaches a guarantor officer or an analyst: not in
 * any API answer, not in any socket event. Reviewers and admins may see it.
 */
describe('source protection', () => {
  let t: TestApp;
  let monitorId: string;
  let reportId: string;
  const received: Record<string, LiveEvent[]> = {};
  const READERS = ['officer-ru', 'officer-tr', 'officer-ir', 'analyst'];

  beforeAll(async () => {
    t = await startTestApp();
    const monitor = await t.login('monitor');
    monitorId = monitor.user.id;
    for (const reader of [...READERS, 'reviewer']) {
      const socket = t.liveClient((await t.login(reader)).accessToken);
      received[reader] = [];
      socket.onAny((_type, event) => received[reader]!.push(event as LiveEvent));
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
    }
    const { agreement, party } = await seededTruce(t, monitor.accessToken);
    const res = await t.http
      .post('/api/incidents')
      .set('Authorization', `Bearer ${monitor.accessToken}`)
      .set('Idempotency-Key', newKey())
      .send(aReport(agreement.id, { perpetratorPartyId: party('Syrian Arab Army and government forces'), sources: [{ kind: 'own_observation' }, { kind: 'witness' }] }));
    reportId = (res.body as IncidentView).id;
    // Changes of every kind, so updated events are in the log too.
    const as = async (u: string) => `Bearer ${(await t.login(u)).accessToken}`;
    await t.http.post(`/api/incidents/${reportId}/verification`).set('Authorization', await as('reviewer')).send({ to: 'corroborated' }).expect(200);
    await t.http.post(`/api/incidents/${reportId}/responses`).set('Authorization', await as('officer-ru')).send({ response: 'investigating' }).expect(200);
    await t.http.post(`/api/incidents/${reportId}/confirmations`).set('Authorization', await as('officer-tr')).send({ confirmation: 'cannot_confirm' }).expect(200);
    await new Promise((r) => setTimeout(r, 300));
  });
  afterAll(() => t.close());

  const leaks = (body: unknown) => {
    const text = JSON.stringify(body);
    return text.includes(monitorId) || text.includes('"filedBy"') || /"username":"monitor"/.test(text);
  };

  it.each(READERS)('%s reads every endpoint and no answer names the filer', async (reader) => {
    const auth = `Bearer ${(await t.login(reader)).accessToken}`;
    const answers = await Promise.all(
      [
        '/api/incidents',
        `/api/incidents/${reportId}`,
        '/api/events?after=0',
        '/api/agreements',
        // The filtered lists and a set by ids (the dashboard's queues) follow the same rule.
        `/api/incidents?ids=${reportId}`,
        '/api/incidents?responsibleGuarantor=RU&awaiting=0&sort=deadline',
        '/api/incidents?verification=corroborated&sort=reported_asc',
        '/api/incidents?unconfirmedBy=IR',
      ].map((path) => t.http.get(path).set('Authorization', auth)),
    );
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(leaks(res.body)).toBe(false);
    }
    // The lists really hold the report: the check above is not vacuous.
    for (const list of [answers[0]!, ...answers.slice(4)]) expect(list.body.items.map((i: IncidentView) => i.id)).toContain(reportId);
  });

  it.each(READERS)('%s receives the socket events, none naming the filer', (reader) => {
    const events = received[reader]!;
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['incident.created', 'incident.updated']));
    expect(events.some(leaks)).toBe(false);
  });

  it('a reviewer sees who filed it; so does the filer', async () => {
    const review = await t.http.get(`/api/incidents/${reportId}`).set('Authorization', `Bearer ${(await t.login('reviewer')).accessToken}`);
    expect(review.body.filedBy).toEqual({ id: monitorId, username: 'monitor' });
    const own = await t.http.get(`/api/incidents/${reportId}`).set('Authorization', `Bearer ${(await t.login('monitor')).accessToken}`);
    expect(own.body.filedBy).toEqual({ id: monitorId, username: 'monitor' });
  });

  it('another monitor cannot read the report at all', async () => {
    const admin = `Bearer ${(await t.login('admin')).accessToken}`;
    await t.http.post('/api/users').set('Authorization', admin).send({ username: 'monitor-2', password: 'a long enough passphrase', role: 'monitor' }).expect(201);
    const login = await t.http.post('/api/auth/login').send({ username: 'monitor-2', password: 'a long enough passphrase' });
    const auth = `Bearer ${login.body.accessToken}`;
    expect((await t.http.get(`/api/incidents/${reportId}`).set('Authorization', auth)).status).toBe(404);
    const list = await t.http.get('/api/incidents').set('Authorization', auth);
    expect(list.body.items).toEqual([]);
    const events = await t.http.get('/api/events?after=0').set('Authorization', auth);
    expect(events.body.events.filter((e: LiveEvent) => e.type.startsWith('incident.'))).toEqual([]);
  });
});
