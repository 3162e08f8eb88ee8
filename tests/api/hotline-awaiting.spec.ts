import type { HotlineChannelView, HotlineMessageView, LiveEvent } from '@truce-monitor/domain';
import { seededTruce } from '../support/fixtures.js';
import { bearers, connected, recorder, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * `GET /api/hotline/channels/:id/messages?awaiting=true|any`: what still awaits
 * an acknowledgement on a channel, from the server (not from the messages a
 * client happens to hold); and the `hotline.channel_opened` event.
 */
describe('the hotline: what awaits acknowledgement, and channels opened live', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  let agreementId: string;

  beforeAll(async () => {
    t = await startTestApp();
    auth = await bearers(t, ['monitor', 'reviewer', 'officer-ru', 'officer-tr', 'officer-ir', 'analyst', 'admin']);
    agreementId = (await seededTruce(t, (await t.login('admin')).accessToken)).agreement.id;
  });
  afterAll(() => t.close());

  const open = async (name: string, guarantors: string[]) => {
    const res = await t.http.post('/api/hotline/channels').set('Authorization', auth.admin!).send({ agreementId, name, guarantors });
    expect(res.status).toBe(201);
    return res.body as HotlineChannelView;
  };
  const post = async (user: string, channelId: string, body: object) => {
    const res = await t.http.post(`/api/hotline/channels/${channelId}/messages`).set('Authorization', auth[user]!).send(body);
    expect(res.status).toBe(201);
    return res.body as HotlineMessageView;
  };
  const ack = async (user: string, messageId: string) => {
    const res = await t.http.post(`/api/hotline/messages/${messageId}/acknowledgements`).set('Authorization', auth[user]!);
    expect(res.status).toBe(201);
  };
  const get = (user: string, channelId: string, query: string) => t.http.get(`/api/hotline/channels/${channelId}/messages?${query}`).set('Authorization', auth[user]!);
  const ids = async (user: string, channelId: string, query: string) => {
    const res = await get(user, channelId, query);
    expect(res.status).toBe(200);
    return (res.body as HotlineMessageView[]).map((m) => m.id);
  };

  it('awaiting=true lists what the viewer’s guarantor still owes, nearest deadline first; any lists what anyone owes', async () => {
    const channel = await open('Awaiting RU–TR', ['RU', 'TR']);
    const half = await post('officer-ru', channel.id, { body: 'within 30 minutes', requiresAckWithinMinutes: 30 });
    const soon = await post('officer-ru', channel.id, { body: 'within 10 minutes', requiresAckWithinMinutes: 10 });
    await post('officer-ru', channel.id, { body: 'no acknowledgement asked' });
    const fromTr = await post('officer-tr', channel.id, { body: 'within an hour', requiresAckWithinMinutes: 60 });

    expect(await ids('officer-tr', channel.id, 'awaiting=true')).toEqual([soon.id, half.id]);
    expect(await ids('officer-ru', channel.id, 'awaiting=true')).toEqual([fromTr.id]);
    expect(await ids('officer-ru', channel.id, 'awaiting=any')).toEqual([soon.id, half.id, fromTr.id]);
    // An administrator owes nothing: awaiting=true reads as anyone's.
    expect(await ids('admin', channel.id, 'awaiting=true')).toEqual([soon.id, half.id, fromTr.id]);
    expect(await ids('admin', channel.id, 'awaiting=any')).toEqual([soon.id, half.id, fromTr.id]);

    // The answers are full message views, saying who is still awaited.
    const views = (await get('officer-tr', channel.id, 'awaiting=true')).body as HotlineMessageView[];
    expect(views[0]).toMatchObject({ id: soon.id, body: 'within 10 minutes', awaiting: ['TR'], acknowledgements: [], overdue: false });

    // Acknowledged, it leaves the list.
    await ack('officer-tr', soon.id);
    expect(await ids('officer-tr', channel.id, 'awaiting=true')).toEqual([half.id]);
    expect(await ids('officer-ru', channel.id, 'awaiting=any')).toEqual([half.id, fromTr.id]);
    await ack('officer-ru', fromTr.id);
    expect(await ids('officer-ru', channel.id, 'awaiting=true')).toEqual([]);
    expect(await ids('officer-ru', channel.id, 'awaiting=any')).toEqual([half.id]);
    // limit still caps the answer.
    expect(await ids('officer-tr', channel.id, 'awaiting=any&limit=1')).toEqual([half.id]);
  });

  it('counts messages older than any page a reader holds', async () => {
    const channel = await open('Awaiting, paged', ['RU', 'TR']);
    const old = await post('officer-ru', channel.id, { body: 'the old request', requiresAckWithinMinutes: 120 });
    for (let i = 0; i < 3; i++) await post('officer-ru', channel.id, { body: `chatter ${i}` });
    // The latest page does not reach it; the server still says it awaits TR.
    expect(await ids('officer-tr', channel.id, 'order=newest&limit=2')).not.toContain(old.id);
    expect(await ids('officer-tr', channel.id, 'awaiting=true')).toEqual([old.id]);
  });

  it('on a channel of three guarantors, each is owed only its own acknowledgement', async () => {
    const channel = await open('Awaiting RU–TR–IR', ['RU', 'TR', 'IR']);
    const message = await post('officer-ru', channel.id, { body: 'to both', requiresAckWithinMinutes: 60 });
    expect(message.awaiting).toEqual(['TR', 'IR']);
    await ack('officer-ir', message.id);
    expect(await ids('officer-ir', channel.id, 'awaiting=true')).toEqual([]);
    expect(await ids('officer-tr', channel.id, 'awaiting=true')).toEqual([message.id]);
    const any = (await get('officer-ir', channel.id, 'awaiting=any')).body as HotlineMessageView[];
    expect(any).toEqual([expect.objectContaining({ id: message.id, awaiting: ['TR'] })]);
  });

  it('reads under the messages endpoint’s rules', async () => {
    const channel = await open('Awaiting access', ['RU', 'TR']);
    expect((await get('officer-ir', channel.id, 'awaiting=true')).status).toBe(403);
    for (const user of ['monitor', 'reviewer', 'analyst']) expect((await get(user, channel.id, 'awaiting=true')).status).toBe(403);
    expect((await t.http.get(`/api/hotline/channels/${channel.id}/messages?awaiting=true`)).status).toBe(401);
    expect((await get('officer-ru', '00000000-0000-4000-8000-000000000000', 'awaiting=true')).status).toBe(404);
  });

  it('a bad awaiting is a 400 naming the parameter, never a 500', async () => {
    const channel = await open('Awaiting validation', ['RU', 'TR']);
    const message = await post('officer-ru', channel.id, { body: 'a cursor' });
    for (const [query, field] of [
      ['awaiting=yes', 'awaiting'],
      ['awaiting=', 'awaiting'],
      ['awaiting=false', 'awaiting'],
      ['awaiting=true&awaiting=any', 'awaiting'],
      [`awaiting=true&after=${message.id}`, 'awaiting'],
      [`awaiting=any&before=${message.id}`, 'awaiting'],
      ['awaiting=true&order=newest', 'awaiting'],
      ['awaiting=true&limit=0', 'limit'],
    ]) {
      const res = await get('officer-ru', channel.id, query!);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('opening a channel is a live event for its guarantors’ officers and admins only', async () => {
    const ir = t.liveClient((await t.login('officer-ir')).accessToken);
    const seen = recorder(ir);
    await connected(ir);
    const before = (await t.http.get('/api/events?after=0').set('Authorization', auth.admin!)).body.lastSeq as number;
    const channel = await open('Russia–Iran hotline (live)', ['RU', 'IR']);

    await seen.until(() => seen.of('hotline.channel_opened').some((e) => (e.data as HotlineChannelView).id === channel.id));
    expect(seen.of('hotline.channel_opened').find((e) => (e.data as HotlineChannelView).id === channel.id)!.data).toEqual(channel);
    ir.close();

    const opened = async (user: string) => {
      const res = await t.http.get(`/api/events?after=${before}`).set('Authorization', auth[user]!);
      expect(res.status).toBe(200);
      return (res.body.events as LiveEvent[]).filter((e) => e.type === 'hotline.channel_opened').map((e) => e.data);
    };
    for (const user of ['officer-ru', 'officer-ir', 'admin']) expect(await opened(user)).toEqual([channel]);
    for (const user of ['officer-tr', 'monitor', 'reviewer', 'analyst']) expect(await opened(user)).toEqual([]);
  });
});
