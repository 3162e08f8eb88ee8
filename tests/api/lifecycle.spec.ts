import type { IncidentView, LiveEvent } from '@truce-monitor/domain';
import { IncidentsService } from '../../apps/api/src/incidents/incidents.service.js';
import { aReport, newKey, seededTruce } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('the incident lifecycle: review, answers, cross-confirmation, overdue', () => {
  let t: TestApp;
  let tokens: Record<string, string>;
  let agreementId: string;
  let party: (name: string) => string;

  beforeAll(async () => {
    t = await startTestApp();
    tokens = {};
    for (const u of ['monitor', 'reviewer', 'officer-ru', 'officer-tr', 'officer-ir', 'analyst', 'admin'])
      tokens[u] = (await t.login(u)).accessToken;
    const truce = await seededTruce(t, tokens.monitor!);
    agreementId = truce.agreement.id;
    party = truce.party;
  });
  afterAll(() => t.close());

  const as = (user: string) => ({
    post: (path: string, body: object) => t.http.post(path).set('Authorization', `Bearer ${tokens[user]}`).send(body),
    get: (path: string) => t.http.get(path).set('Authorization', `Bearer ${tokens[user]}`),
  });
  const file = async (overrides: Parameters<typeof aReport>[1] = {}) => {
    const res = await t.http
      .post('/api/incidents')
      .set('Authorization', `Bearer ${tokens.monitor}`)
      .set('Idempotency-Key', newKey())
      .send(aReport(agreementId, { perpetratorPartyId: party('Syrian Arab Army and government forces'), ...overrides }));
    expect(res.status).toBe(201);
    return res.body as IncidentView;
  };

  describe('verification', () => {
    it('follows the table and records history', async () => {
      const report = await file({ sources: [{ kind: 'own_observation' }, { kind: 'local_media', url: 'https://example.org/a' }] });
      const corroborated = await as('reviewer').post(`/api/incidents/${report.id}/verification`, { to: 'corroborated', note: 'two sources agree' });
      expect(corroborated.status).toBe(200);
      expect(corroborated.body.verification).toBe('corroborated');
      const verified = await as('reviewer').post(`/api/incidents/${report.id}/verification`, { to: 'verified' });
      expect(verified.body.verification).toBe('verified');
      expect(verified.body.reviewHistory.map((h: { to: string }) => h.to)).toEqual(['corroborated', 'verified']);
    });

    it('refuses a transition outside the table with 409 naming the allowed next states', async () => {
      const report = await file();
      await as('reviewer').post(`/api/incidents/${report.id}/verification`, { to: 'rejected', note: 'no such shelling' }).expect(200);
      const res = await as('reviewer').post(`/api/incidents/${report.id}/verification`, { to: 'verified' });
      expect(res.status).toBe(409);
      expect(res.body.message).toContain('allowed next: reported');
      expect(res.body.details[0]).toMatchObject({ field: 'to' });
    });

    it('needs two sources to corroborate', async () => {
      const report = await file();
      const res = await as('reviewer').post(`/api/incidents/${report.id}/verification`, { to: 'corroborated' });
      expect(res.status).toBe(422);
      expect(res.body.details[0].field).toBe('to');
    });

    it('marks a duplicate of another report, which must exist', async () => {
      const original = await file();
      const copy = await file();
      const missing = await as('reviewer').post(`/api/incidents/${copy.id}/verification`, { to: 'duplicate', duplicateOf: '00000000-0000-4000-8000-000000000000' });
      expect(missing.status).toBe(422);
      const noTarget = await as('reviewer').post(`/api/incidents/${copy.id}/verification`, { to: 'duplicate' });
      expect(noTarget.status).toBe(400);
      expect(noTarget.body.details[0].field).toBe('duplicateOf');
      const ok = await as('reviewer').post(`/api/incidents/${copy.id}/verification`, { to: 'duplicate', duplicateOf: original.id });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ verification: 'duplicate', duplicateOf: original.id });
    });

    it('is open to reviewers and admins only', async () => {
      const report = await file();
      for (const user of ['monitor', 'officer-ru', 'analyst'])
        expect((await as(user).post(`/api/incidents/${report.id}/verification`, { to: 'verified' })).status).toBe(403);
    });
  });

  describe('corrections re-classify and re-route', () => {
    it('moves a report from Russia to Turkey when the perpetrator is corrected', async () => {
      const report = await file();
      expect(report.responsibleGuarantor).toBe('RU');
      const res = await as('reviewer').post(`/api/incidents/${report.id}/corrections`, {
        changes: { perpetratorPartyId: party('Faylaq al-Sham') },
        note: 'second witness identified the unit',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ responsibleGuarantor: 'TR', classification: { outcome: 'violation' } });
      expect(Date.parse(res.body.acknowledgeBy)).toBeGreaterThan(Date.parse(report.acknowledgeBy!));
    });

    it('an event against the Islamic State becomes a permitted act', async () => {
      const report = await file();
      const res = await as('reviewer').post(`/api/incidents/${report.id}/corrections`, {
        changes: { target: { partyId: party('Islamic State') } },
        note: 'the target was an IS position',
      });
      expect(res.body).toMatchObject({ responsibleGuarantor: null, acknowledgeBy: null, classification: { outcome: 'permitted_excluded_target' } });
    });

    it('names a bad field', async () => {
      const report = await file();
      const res = await as('reviewer').post(`/api/incidents/${report.id}/corrections`, { changes: { perpetratorPartyId: '00000000-0000-4000-8000-000000000000' }, note: 'x' });
      expect(res.status).toBe(422);
      expect(res.body.details[0].field).toBe('changes.perpetratorPartyId');
    });
  });

  describe('answers and cross-confirmations', () => {
    it('the responsible guarantor answers; another guarantor cannot answer for it (403)', async () => {
      const report = await file();
      expect((await as('officer-tr').post(`/api/incidents/${report.id}/responses`, { response: 'acknowledged' })).status).toBe(403);
      const ack = await as('officer-ru').post(`/api/incidents/${report.id}/responses`, { response: 'acknowledged' });
      expect(ack.status).toBe(200);
      expect(ack.body.acknowledgedAt).not.toBeNull();
      const disputeWithoutReasons = await as('officer-ru').post(`/api/incidents/${report.id}/responses`, { response: 'disputed' });
      expect(disputeWithoutReasons.status).toBe(400);
      expect(disputeWithoutReasons.body.details[0].field).toBe('reasons');
      const dispute = await as('officer-ru').post(`/api/incidents/${report.id}/responses`, { response: 'disputed', reasons: 'our units were not there' });
      expect(dispute.body.responses.map((r: { response: string }) => r.response)).toEqual(['acknowledged', 'disputed']);
      expect(dispute.body.acknowledgedAt).toBe(ack.body.acknowledgedAt);
    });

    it('the other guarantors cross-confirm; the responsible one cannot', async () => {
      const report = await file();
      expect((await as('officer-ru').post(`/api/incidents/${report.id}/confirmations`, { confirmation: 'confirmed' })).status).toBe(403);
      const tr = await as('officer-tr').post(`/api/incidents/${report.id}/confirmations`, { confirmation: 'cannot_confirm', note: 'no observers there' });
      const ir = await as('officer-ir').post(`/api/incidents/${report.id}/confirmations`, { confirmation: 'confirmed' });
      expect(tr.status).toBe(200);
      expect(ir.body.confirmations).toEqual([
        expect.objectContaining({ guarantor: 'TR', confirmation: 'cannot_confirm' }),
        expect.objectContaining({ guarantor: 'IR', confirmation: 'confirmed' }),
      ]);
    });

    it('nothing to answer on a report routed to no one', async () => {
      const report = await file({ perpetratorPartyId: null });
      expect((await as('officer-ru').post(`/api/incidents/${report.id}/responses`, { response: 'acknowledged' })).status).toBe(409);
    });

    it('an unknown report is a 404; a malformed id a 400 naming id', async () => {
      expect((await as('officer-ru').post('/api/incidents/00000000-0000-4000-8000-000000000000/responses', { response: 'acknowledged' })).status).toBe(404);
      const bad = await as('officer-ru').post('/api/incidents/not-an-id/responses', { response: 'acknowledged' });
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].field).toBe('id');
    });
  });

  it('announces a report past its deadline once, live, as incident.overdue', async () => {
    const report = await file();
    const answered = await file();
    await as('officer-ru').post(`/api/incidents/${answered.id}/responses`, { response: 'acknowledged' }).expect(200);
    const socket = t.liveClient(tokens['officer-ru']!);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const overdue: LiveEvent<'incident.overdue'>[] = [];
    socket.on('incident.overdue', (e) => overdue.push(e));

    const service = t.app.get(IncidentsService);
    const later = new Date(Date.parse(report.acknowledgeBy!) + 60_000);
    const first = await service.announceOverdue(later);
    const second = await service.announceOverdue(later);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(second).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    const ids = overdue.map((e) => e.data.incidentId);
    expect(ids).toContain(report.id);
    expect(ids).not.toContain(answered.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
