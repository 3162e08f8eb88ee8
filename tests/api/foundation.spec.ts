import type { IncidentView, LiveEvent } from '@truce-monitor/domain';
import { aReport, newKey, seededTruce } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('foundation: the seeded truce and one report travelling live', () => {
  let t: TestApp;
  let monitorToken: string;
  let officerToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    monitorToken = (await t.login('monitor')).accessToken;
    officerToken = (await t.login('officer-ru')).accessToken;
  });
  afterAll(() => t.close());

  it('answers health with the database up', async () => {
    const res = await t.http.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', db: 'up' });
  });

  it('seeds the 2016 truce: window, guarantors, parties, exclusions, a disputed designation and the hotline', async () => {
    const { agreement } = await seededTruce(t, officerToken);
    expect(agreement.effectiveFrom).toBe('2016-12-29T22:00:00.000Z');
    expect(agreement.scope).toEqual({ kind: 'nationwide' });
    expect(agreement.guarantors.map((g) => g.code).sort()).toEqual(['IR', 'RU', 'TR']);
    const byName = new Map(agreement.parties.map((p) => [p.name, p]));
    expect(byName.get('Syrian Arab Army and government forces')).toMatchObject({ guarantor: 'RU', signatoryStatus: 'signed' });
    expect(byName.get('Hezbollah')).toMatchObject({ guarantor: 'IR' });
    expect(byName.get('Faylaq al-Sham')).toMatchObject({ guarantor: 'TR', bloc: 'opposition' });
    expect(byName.get('Islamic State')).toMatchObject({ excluded: true, guarantor: null });
    expect(byName.get('Jabhat Fateh al-Sham')).toMatchObject({ excluded: true });
    const ahrar = agreement.exclusions.find((e) => e.partyName === 'Ahrar al-Sham');
    expect(ahrar).toMatchObject({ kind: 'linked', designatedBy: 'RU', standing: 'disputed' });
    expect(ahrar?.positions).toEqual(expect.arrayContaining([expect.objectContaining({ guarantor: 'TR', position: 'disputes' })]));
    expect(agreement.hotlineChannels).toEqual([expect.objectContaining({ guarantors: ['RU', 'TR'] })]);
  });

  it('files a report, classifies and routes it, and pushes incident.created to a connected officer', async () => {
    const { agreement, party } = await seededTruce(t, officerToken);
    const socket = t.liveClient(officerToken);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const received = new Promise<LiveEvent<'incident.created'>>((resolve) => socket.once('incident.created', resolve));

    const body = aReport(agreement.id, { perpetratorPartyId: party('Syrian Arab Army and government forces') });
    const res = await t.http
      .post('/api/incidents')
      .set('Authorization', `Bearer ${monitorToken}`)
      .set('Idempotency-Key', newKey())
      .send(body);
    expect(res.status).toBe(201);
    const report = res.body as IncidentView;
    expect(report).toMatchObject({
      verification: 'reported',
      responsibleGuarantor: 'RU',
      classification: { outcome: 'violation' },
    });
    expect(report.classification.reasons.length).toBeGreaterThan(0);

    const event = await received;
    expect(event.type).toBe('incident.created');
    expect(event.seq).toBeGreaterThan(0);
    expect(event.data.id).toBe(report.id);
    // Source protection: the officer's copy carries no filer identity.
    const monitor = await t.login('monitor');
    expect(JSON.stringify(event)).not.toContain(monitor.user.id);
    expect(JSON.stringify(event)).not.toContain('"monitor"');

    const stored = await t.db.query('SELECT count(*)::int AS n FROM incidents WHERE id = $1', [report.id]);
    expect(stored.rows[0].n).toBe(1);
  });

  it('refuses a socket handshake without a valid token', async () => {
    const socket = t.liveClient('not-a-token');
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toMatch(/unauthorized/);
  });

  describe('bad input gets a 4xx naming the field, and nothing is stored', () => {
    const countIncidents = async () => (await t.db.query('SELECT count(*)::int AS n FROM incidents')).rows[0].n as number;
    const post = (body: unknown, raw = false) => {
      const req = t.http
        .post('/api/incidents')
        .set('Authorization', `Bearer ${monitorToken}`)
        .set('Idempotency-Key', newKey());
      return raw ? req.set('Content-Type', 'application/json').send(body as string) : req.send(body as object);
    };

    it.each([
      ['malformed JSON', '{"agreementId": ', true, 400, '(body)'],
      ['a missing field', 'missing:description', false, 400, 'description'],
      ['a wrong type', 'type:timePrecision', false, 400, 'timePrecision'],
      ['an unknown field', 'unknown:colour', false, 400, 'colour'],
      ['coordinates outside Syria', 'outside', false, 400, 'location.lat'],
      ['low above best', 'lowhigh', false, 400, 'casualties.killed.low'],
      ['an event in the future', 'future', false, 400, 'occurredAt'],
    ])('%s', async (_name, variant, raw, status, field) => {
      const { agreement } = await seededTruce(t, officerToken);
      const base = aReport(agreement.id) as Record<string, unknown>;
      let body: unknown = variant;
      if (!raw) {
        if (variant === 'missing:description') delete base.description;
        if (variant === 'type:timePrecision') base.timePrecision = 'exact';
        if (variant === 'unknown:colour') base.colour = 'red';
        if (variant === 'outside') base.location = { lat: 48.85, lon: 36.1 };
        if (variant === 'lowhigh') base.casualties = { killed: { low: 5, best: 2, high: 6 } };
        if (variant === 'future') base.occurredAt = new Date(Date.now() + 86_400_000).toISOString();
        body = base;
      }
      const before = await countIncidents();
      const res = await post(body, raw as boolean);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await countIncidents()).toBe(before);
    });

    it('an oversized body is a 413', async () => {
      const { agreement } = await seededTruce(t, officerToken);
      const res = await post(aReport(agreement.id, { description: 'x'.repeat(400_000) }));
      expect(res.status).toBe(413);
      expect(res.body.details[0].field).toBe('(body)');
    });

    it('an unknown party is a 422 naming perpetratorPartyId', async () => {
      const { agreement } = await seededTruce(t, officerToken);
      const res = await post(aReport(agreement.id, { perpetratorPartyId: '00000000-0000-4000-8000-000000000000' }));
      expect(res.status).toBe(422);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'perpetratorPartyId' })]);
    });

    it('a missing Idempotency-Key is a 400 naming the header', async () => {
      const { agreement } = await seededTruce(t, officerToken);
      const res = await t.http.post('/api/incidents').set('Authorization', `Bearer ${monitorToken}`).send(aReport(agreement.id));
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('Idempotency-Key');
    });
  });
});
