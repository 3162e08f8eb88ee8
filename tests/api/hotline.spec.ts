import type { HotlineChannelView, HotlineMessageView, IncidentView } from '@truce-monitor/domain';
import { HotlineService } from '../../apps/api/src/hotline/hotline.service.js';
import { aReport, newKey, seededTruce } from '../support/fixtures.js';
import { bearers, connected, recorder, startTestApp, type TestApp } from '../support/test-app.js';

describe('the hotline', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  let channel: HotlineChannelView;
  let report: IncidentView;

  beforeAll(async () => {
    t = await startTestApp();
    auth = await bearers(t, ['monitor', 'officer-ru', 'officer-tr', 'officer-ir', 'analyst', 'admin']);
    const { agreement } = await seededTruce(t, (await t.login('monitor')).accessToken);
    report = (await t.http.post('/api/incidents').set('Authorization', auth.monitor!).set('Idempotency-Key', newKey()).send(aReport(agreement.id))).body;
    const channels = await t.http.get('/api/hotline/channels').set('Authorization', auth['officer-ru']!);
    channel = channels.body[0];
  });
  afterAll(() => t.close());

  const post = (user: string, body: object, channelId = channel.id) =>
    t.http.post(`/api/hotline/channels/${channelId}/messages`).set('Authorization', auth[user]!).send(body);
  const ack = (user: string, messageId: string) => t.http.post(`/api/hotline/messages/${messageId}/acknowledgements`).set('Authorization', auth[user]!);

  it('lists the seeded RU–TR channel to its officers only', async () => {
    expect(channel.guarantors).toEqual(['RU', 'TR']);
    expect((await t.http.get('/api/hotline/channels').set('Authorization', auth['officer-ir']!)).body).toEqual([]);
    expect((await t.http.get('/api/hotline/channels').set('Authorization', auth.analyst!)).status).toBe(403);
  });

  it('a message referring to a report, acknowledged by the other side, pushed live', async () => {
    const tr = t.liveClient((await t.login('officer-tr')).accessToken);
    const seen = recorder(tr);
    await connected(tr);
    const sent = await post('officer-ru', { body: 'Shelling reported at Ain al-Fijah; please check your side.', refersTo: [report.id], requiresAckWithinMinutes: 30 });
    expect(sent.status).toBe(201);
    const message = sent.body as HotlineMessageView;
    expect(message).toMatchObject({ fromGuarantor: 'RU', refersTo: [report.id], awaiting: ['TR'], overdue: false });
    await seen.until(() => seen.of('hotline.message').length === 1);

    const acked = await ack('officer-tr', message.id);
    expect(acked.status).toBe(201);
    expect(acked.body).toMatchObject({ awaiting: [], acknowledgements: [expect.objectContaining({ guarantor: 'TR' })] });
    await seen.until(() => seen.of('hotline.acknowledged').length === 1);

    const twice = await ack('officer-tr', message.id);
    expect(twice.status).toBe(409);
    const own = await ack('officer-ru', message.id);
    expect(own.status).toBe(409);
    expect(own.body.message).toMatch(/RU sent this message/);
  });

  it('nothing is edited or deleted: a correction is a new message naming the old one', async () => {
    const first = (await post('officer-tr', { body: 'Our observers count 3 casualties.' })).body as HotlineMessageView;
    const correction = await post('officer-tr', { body: 'Correction: 4 casualties.', corrects: first.id });
    expect(correction.body.corrects).toBe(first.id);
    await expect(t.db.query("UPDATE hotline_messages SET body = 'rewritten' WHERE id = $1", [first.id])).rejects.toThrow(/evidence/);
    await expect(t.db.query('DELETE FROM hotline_messages WHERE id = $1', [first.id])).rejects.toThrow(/evidence/);
    const history = await t.http.get(`/api/hotline/channels/${channel.id}/messages`).set('Authorization', auth['officer-ru']!);
    expect(history.body.map((m: HotlineMessageView) => m.body)).toEqual(expect.arrayContaining(['Our observers count 3 casualties.', 'Correction: 4 casualties.']));
  });

  it('officers outside the channel can neither read nor write it', async () => {
    expect((await t.http.get(`/api/hotline/channels/${channel.id}/messages`).set('Authorization', auth['officer-ir']!)).status).toBe(403);
    expect((await post('officer-ir', { body: 'hello' })).status).toBe(403);
    expect((await t.http.get(`/api/hotline/channels/${channel.id}/messages`).set('Authorization', auth.analyst!)).status).toBe(403);
  });

  it.each([
    [{ body: '' }, 'body'],
    [{ body: '   ' }, 'body'],
    [{ body: 'x'.repeat(4001) }, 'body'],
    [{ body: 'ok', refersTo: ['nope'] }, 'refersTo.0'],
    [{ body: 'ok', requiresAckWithinMinutes: 0 }, 'requiresAckWithinMinutes'],
    [{ body: 'ok', colour: 'red' }, 'colour'],
  ])('a bad message is a 400 naming the field (%#)', async (body, field) => {
    const res = await post('officer-ru', body);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('a reference to an unknown report or message is a 422', async () => {
    const unknownReport = await post('officer-ru', { body: 'see this', refersTo: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknownReport.status).toBe(422);
    expect(unknownReport.body.details[0].field).toBe('refersTo');
    const unknownMessage = await post('officer-ru', { body: 'correction', corrects: '00000000-0000-4000-8000-000000000000' });
    expect(unknownMessage.status).toBe(422);
  });

  it('announces a message left unacknowledged past its deadline, once', async () => {
    const ru = t.liveClient((await t.login('officer-ru')).accessToken);
    const seen = recorder(ru);
    await connected(ru);
    const message = (await post('officer-ru', { body: 'Acknowledge within 5 minutes.', requiresAckWithinMinutes: 5 })).body as HotlineMessageView;
    const later = new Date(Date.parse(message.ackBy!) + 1000);
    const service = t.app.get(HotlineService);
    expect(await service.announceOverdue(later)).toBeGreaterThanOrEqual(1);
    expect(await service.announceOverdue(later)).toBe(0);
    await seen.until(() => seen.of('hotline.overdue').some((e) => (e.data as { messageId: string }).messageId === message.id));
    expect(seen.of('hotline.overdue').find((e) => (e.data as { messageId: string }).messageId === message.id)!.data).toMatchObject({ awaiting: ['TR'] });
  });

  it('pages a channel newest first: order=newest, then before= the oldest message held', async () => {
    const { agreement } = await seededTruce(t, (await t.login('admin')).accessToken);
    const opened = await t.http.post('/api/hotline/channels').set('Authorization', auth.admin!).send({ agreementId: agreement.id, name: 'Paging test', guarantors: ['RU', 'TR'] });
    expect(opened.status).toBe(201);
    const sent: string[] = [];
    for (let i = 0; i < 7; i++) sent.push((await post(i % 2 ? 'officer-tr' : 'officer-ru', { body: `paging ${i}` }, opened.body.id)).body.id);
    const page = (query: string) => t.http.get(`/api/hotline/channels/${opened.body.id}/messages?${query}`).set('Authorization', auth['officer-tr']!);
    const newest = await page('order=newest&limit=3');
    expect(newest.status).toBe(200);
    expect(newest.body.map((m: HotlineMessageView) => m.id)).toEqual(sent.slice(4).reverse());
    const older = await page(`before=${newest.body.at(-1).id}&limit=3`);
    expect(older.body.map((m: HotlineMessageView) => m.id)).toEqual(sent.slice(1, 4).reverse());
    const oldest = await page(`before=${older.body.at(-1).id}&limit=3`);
    expect(oldest.body.map((m: HotlineMessageView) => m.id)).toEqual([sent[0]]);
    // Oldest first, after a message, never repeats it.
    const after = await page(`after=${sent[2]}&limit=10`);
    expect(after.body.map((m: HotlineMessageView) => m.id)).toEqual(sent.slice(3));
    // Cursors from another channel, both directions at once, or a bad limit: 400 naming the parameter.
    const elsewhere = (await post('officer-ru', { body: 'on the seeded channel' })).body.id;
    for (const [query, field] of [
      [`before=${elsewhere}`, 'before'],
      [`before=nope`, 'before'],
      [`before=${sent[3]}&after=${sent[1]}`, 'before'],
      [`before=${sent[3]}&order=oldest`, 'order'],
      ['order=sideways', 'order'],
      ['limit=501', 'limit'],
    ]) {
      const res = await page(query!);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });
});
