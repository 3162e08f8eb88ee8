import type { AgreementView, IncidentView, LiveEvent } from '@truce-monitor/domain';
import { aReport, newKey, seededTruce } from '../support/fixtures.js';
import { bearers, startTestApp, type TestApp } from '../support/test-app.js';

describe('the truce registry: parties, signatory history, designations and positions', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  let agreement: AgreementView;

  beforeAll(async () => {
    t = await startTestApp();
    auth = await bearers(t, ['monitor', 'admin', 'officer-ru', 'officer-tr', 'officer-ir', 'analyst']);
    agreement = (await seededTruce(t, (await t.login('admin')).accessToken)).agreement;
  });
  afterAll(() => t.close());

  const file = async (body: object) => {
    const res = await t.http.post('/api/incidents').set('Authorization', auth.monitor!).set('Idempotency-Key', newKey()).send(body);
    expect(res.status).toBe(201);
    return res.body as IncidentView;
  };
  const refreshed = async () => (await t.http.get(`/api/agreements/${agreement.id}`).set('Authorization', auth.analyst!)).body as AgreementView;

  it('a party that signs on 5 January is not covered on 2 January, and is from then on', async () => {
    const party = await t.http.post(`/api/agreements/${agreement.id}/parties`).set('Authorization', auth.admin!).send({
      name: 'Liwa Test',
      bloc: 'opposition',
      guarantor: 'TR',
      signatoryStatus: 'not_signed',
      from: '2016-12-29T22:00:00Z',
    });
    expect(party.status).toBe(201);
    const partyId = party.body.entityId as string;
    const signed = await t.http
      .post(`/api/parties/${partyId}/signatory-statuses`)
      .set('Authorization', auth.admin!)
      .send({ status: 'signed', from: '2017-01-05T00:00:00Z', claimedBy: 'Turkish foreign ministry' });
    expect(signed.status).toBe(201);

    const before = await file(aReport(agreement.id, { perpetratorPartyId: partyId, occurredAt: '2017-01-02T10:00:00Z' }));
    const after = await file(aReport(agreement.id, { perpetratorPartyId: partyId, occurredAt: '2017-01-06T10:00:00Z' }));
    expect(before.classification.outcome).toBe('non_party');
    expect(after).toMatchObject({ classification: { outcome: 'violation' }, responsibleGuarantor: 'TR' });
    const view = (await refreshed()).parties.find((p) => p.id === partyId)!;
    expect(view.signatoryHistory.map((h) => h.status)).toEqual(['not_signed', 'signed']);
  });

  it('a linked designation is disputed until every other guarantor accepts it', async () => {
    const target = agreement.parties.find((p) => p.name === 'Thuwar al-Sham')!;
    const government = agreement.parties.find((p) => p.name.startsWith('Syrian Arab Army'))!;
    const designation = await t.http.post(`/api/agreements/${agreement.id}/exclusions`).set('Authorization', auth['officer-ru']!).send({
      partyId: target.id,
      kind: 'linked',
      designatedBy: 'RU',
      basis: 'fought alongside Jabhat Fateh al-Sham near Idlib',
      from: '2017-02-01T00:00:00Z',
    });
    expect(designation.status).toBe(201);
    const exclusionId = designation.body.entityId as string;
    const attack = (occurredAt: string) => aReport(agreement.id, { perpetratorPartyId: government.id, target: { partyId: target.id }, occurredAt });

    expect((await file(attack('2017-02-02T00:00:00Z'))).classification.outcome).toBe('disputed_exclusion');
    await t.http.post(`/api/exclusions/${exclusionId}/positions`).set('Authorization', auth['officer-tr']!).send({ position: 'accepts', at: '2017-02-03T00:00:00Z' }).expect(201);
    await t.http.post(`/api/exclusions/${exclusionId}/positions`).set('Authorization', auth['officer-ir']!).send({ position: 'accepts', at: '2017-02-03T00:00:00Z' }).expect(201);
    expect((await file(attack('2017-02-04T00:00:00Z'))).classification.outcome).toBe('permitted_excluded_target');
    // Before the designation, the same act was a violation; the registry's history says so.
    expect((await file(attack('2017-01-20T00:00:00Z'))).classification.outcome).toBe('violation');
    // Turkey changes its mind: disputed again from then on.
    await t.http.post(`/api/exclusions/${exclusionId}/positions`).set('Authorization', auth['officer-tr']!).send({ position: 'disputes', at: '2017-02-10T00:00:00Z', note: 'not linked' }).expect(201);
    expect((await file(attack('2017-02-11T00:00:00Z'))).classification.outcome).toBe('disputed_exclusion');
    expect((await file(attack('2017-02-05T00:00:00Z'))).classification.outcome).toBe('permitted_excluded_target');
  });

  it('an officer designates and speaks for its own guarantor only', async () => {
    const party = agreement.parties.find((p) => p.name === 'Jaysh Idlib')!;
    const forOther = await t.http
      .post(`/api/agreements/${agreement.id}/exclusions`)
      .set('Authorization', auth['officer-tr']!)
      .send({ partyId: party.id, kind: 'linked', designatedBy: 'RU', basis: 'x', from: '2017-03-01T00:00:00Z' });
    expect(forOther.status).toBe(403);
    const core = await t.http
      .post(`/api/agreements/${agreement.id}/exclusions`)
      .set('Authorization', auth['officer-ru']!)
      .send({ partyId: party.id, kind: 'core', basis: 'x', from: '2017-03-01T00:00:00Z' });
    expect(core.status).toBe(403);
    const linked = agreement.exclusions.find((e) => e.kind === 'linked')!;
    const speaksForOther = await t.http.post(`/api/exclusions/${linked.id}/positions`).set('Authorization', auth['officer-ir']!).send({ position: 'disputes', guarantor: 'TR' });
    expect(speaksForOther.status).toBe(403);
  });

  it('names bad registry input', async () => {
    const noDesignator = await t.http
      .post(`/api/agreements/${agreement.id}/exclusions`)
      .set('Authorization', auth.admin!)
      .send({ partyId: agreement.parties[0]!.id, kind: 'linked', basis: 'x', from: '2017-03-01T00:00:00Z' });
    expect(noDesignator.status).toBe(400);
    expect(noDesignator.body.details[0].field).toBe('designatedBy');
    const duplicateName = await t.http.post(`/api/agreements/${agreement.id}/parties`).set('Authorization', auth.admin!).send({
      name: 'Hezbollah',
      bloc: 'pro_government',
      guarantor: 'IR',
      signatoryStatus: 'unknown',
      from: '2016-12-29T22:00:00Z',
    });
    expect(duplicateName.status).toBe(409);
    expect(duplicateName.body.details[0].field).toBe('name');
    const adminWithoutGuarantor = await t.http.post(`/api/exclusions/${agreement.exclusions.find((e) => e.kind === 'linked')!.id}/positions`).set('Authorization', auth.admin!).send({ position: 'accepts' });
    expect(adminWithoutGuarantor.status).toBe(400);
    expect(adminWithoutGuarantor.body.details[0].field).toBe('guarantor');
  });

  it('every registry change is announced live and audited', async () => {
    const socket = t.liveClient((await t.login('monitor')).accessToken);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const seen = new Promise<LiveEvent<'registry.updated'>>((resolve) => socket.once('registry.updated', resolve));
    const party = agreement.parties.find((p) => p.name === 'Jaysh al-Mujahideen')!;
    await t.http.post(`/api/parties/${party.id}/signatory-statuses`).set('Authorization', auth.admin!).send({ status: 'signed', from: '2017-01-08T00:00:00Z' }).expect(201);
    const event = await seen;
    expect(event.data).toMatchObject({ agreementId: agreement.id, change: 'signatory_status' });
    const audit = await t.db.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'registry.signatory_status' AND data->>'partyId' = $1", [party.id]);
    expect(audit.rows[0].n).toBe(1);
  });
});
