import type { IncidentView } from '@truce-monitor/domain';
import { aReport, newKey, seededTruce } from '../support/fixtures.js';
import { connected, recorder, startTestApp, type TestApp } from '../support/test-app.js';

describe('live: the event log, replay, fan-out and rooms', () => {
  let t: TestApp;
  let token: Record<string, string>;
  let agreementId: string;

  beforeAll(async () => {
    t = await startTestApp();
    token = {};
    for (const u of ['monitor', 'officer-ru', 'officer-tr', 'officer-ir', 'analyst', 'admin']) token[u] = (await t.login(u)).accessToken;
    agreementId = (await seededTruce(t, token.monitor!)).agreement.id;
  });
  afterAll(() => t.close());

  const file = async (app: TestApp = t) => {
    const res = await app.http.post('/api/incidents').set('Authorization', `Bearer ${token.monitor}`).set('Idempotency-Key', newKey()).send(aReport(agreementId));
    expect(res.status).toBe(201);
    return res.body as IncidentView;
  };
  const seqGapless = (seqs: number[]) => seqs.every((s, i) => i === 0 || s === seqs[i - 1]! + 1);

  it('a client that was away receives exactly the 100 events it missed, in order, then live ones', async () => {
    const first = t.liveClient(token['officer-ru']!);
    const { lastSeq } = await connected(first);
    first.disconnect();

    const filed: string[] = [];
    for (let i = 0; i < 100; i++) filed.push((await file()).id);

    const back = t.liveClient(token['officer-ru']!, { after: lastSeq });
    const seen = recorder(back);
    const replay = await connected(back);
    expect(replay).toMatchObject({ after: lastSeq, count: 100 });
    const created = seen.of('incident.created');
    expect(created.map((e) => (e.data as IncidentView).id)).toEqual(filed);
    expect(seqGapless(created.map((e) => e.seq!))).toBe(true);
    expect(created[0]!.seq).toBe(lastSeq + 1);

    const live = await file();
    await seen.until(() => seen.of('incident.created').length === 101);
    const all = seen.of('incident.created');
    expect((all[100]!.data as IncidentView).id).toBe(live.id);
    expect(new Set(all.map((e) => e.seq)).size).toBe(101); // no duplicate at the seam
  });

  it('GET /api/events?after= gives the same events over HTTP', async () => {
    const res = await t.http.get('/api/events?after=0&limit=1000').set('Authorization', `Bearer ${token['officer-tr']}`);
    expect(res.status).toBe(200);
    const seqs = res.body.events.map((e: { seq: number }) => e.seq);
    expect(seqs.length).toBeGreaterThanOrEqual(101);
    expect(seqGapless(seqs)).toBe(true);
    for (const bad of ['-1', 'abc', '1.5']) {
      const r = await t.http.get(`/api/events?after=${bad}`).set('Authorization', `Bearer ${token['officer-tr']}`);
      expect(r.status).toBe(400);
      expect(r.body.details[0].field).toBe('after');
    }
  });

  it('resume on a live socket replays what it missed without a gap', async () => {
    const socket = t.liveClient(token.analyst!);
    const seen = recorder(socket);
    const { lastSeq } = await connected(socket);
    const a = await file();
    await seen.until(() => seen.of('incident.created').length === 1);
    socket.emit('resume', { after: lastSeq });
    await seen.until(() => seen.of('live.replayed').length === 2);
    expect(seen.of('incident.created').map((e) => (e.data as IncidentView).id)).toEqual([a.id, a.id]);
  });

  it('events keep flowing after the listening connection is killed from PostgreSQL, none lost', async () => {
    // Instance B hears instance A's reports only through its listening connection: kill it, file on A.
    const b = await startTestApp({ databaseUrl: t.databaseUrl, jwtSecret: t.jwtSecret });
    try {
      const socket = b.liveClient(token['officer-ir']!);
      const seen = recorder(socket);
      await connected(socket);
      const database = new URL(t.databaseUrl).pathname.slice(1);
      const killed = await t.db.query(
        "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'truce-live-listener' AND datname = $1",
        [database],
      );
      expect(killed.rows.length).toBe(2);
      const filed: string[] = [];
      for (let i = 0; i < 10; i++) filed.push((await file(t)).id);
      await seen.until(() => seen.of('incident.created').length === 10, 15_000);
      expect(seen.of('incident.created').map((e) => (e.data as IncidentView).id)).toEqual(filed);
      const deadline = Date.now() + 10_000;
      while ((await b.http.get('/api/health')).body.live !== 'up') {
        if (Date.now() > deadline) throw new Error('the listener did not come back');
        await new Promise((r) => setTimeout(r, 100));
      }
      const after = await file(t);
      await seen.until(() => seen.of('incident.created').some((e) => (e.data as IncidentView).id === after.id));
    } finally {
      await b.close();
    }
  });

  it('a report filed on instance A reaches a client connected to instance B', async () => {
    const b = await startTestApp({ databaseUrl: t.databaseUrl, jwtSecret: t.jwtSecret });
    try {
      const socket = b.liveClient(token['officer-tr']!);
      const seen = recorder(socket);
      await connected(socket);
      const report = await file(t);
      await seen.until(() => seen.of('incident.created').some((e) => (e.data as IncidentView).id === report.id));
    } finally {
      await b.close();
    }
  });

  it('a Turkish officer never receives what only Russia and Iran may see', async () => {
    const channel = await t.http
      .post('/api/hotline/channels')
      .set('Authorization', `Bearer ${token.admin}`)
      .send({ agreementId, name: 'RU–IR coordination', guarantors: ['RU', 'IR'] });
    expect(channel.status).toBe(201);
    const tr = t.liveClient(token['officer-tr']!);
    const ir = t.liveClient(token['officer-ir']!);
    const trSeen = recorder(tr);
    const irSeen = recorder(ir);
    await Promise.all([connected(tr), connected(ir)]);
    const message = await t.http
      .post(`/api/hotline/channels/${channel.body.id}/messages`)
      .set('Authorization', `Bearer ${token['officer-ru']}`)
      .send({ body: 'Movement near Wadi Barada, please confirm.' });
    expect(message.status).toBe(201);
    await irSeen.until(() => irSeen.of('hotline.message').length === 1);
    const marker = await file(); // a later event every officer sees: once it is in, the earlier one would be too
    await trSeen.until(() => trSeen.of('incident.created').some((e) => (e.data as IncidentView).id === marker.id));
    expect(trSeen.of('hotline.message')).toEqual([]);
    // Nor over HTTP, nor by replay.
    const replay = await t.http.get('/api/events?after=0&limit=1000').set('Authorization', `Bearer ${token['officer-tr']}`);
    expect(replay.body.events.filter((e: { type: string }) => e.type === 'hotline.message')).toEqual([]);
  });

  describe('bad socket input hurts only the offending socket', () => {
    it('answers a bad resume and an unknown event with live.error', async () => {
      const socket = t.liveClient(token.analyst!);
      const seen = recorder(socket);
      await connected(socket);
      socket.emit('resume', { after: -1 });
      socket.emit('resume', { after: 'abc' } as never);
      (socket as unknown as { emit: (e: string, p: unknown) => void }).emit('explode', { now: true });
      await seen.until(() => seen.of('live.error').length === 3);
      const messages = seen.of('live.error').map((e) => (e as { message?: string }).message ?? '');
      expect(messages.filter((m) => /resume refused: after/.test(m))).toHaveLength(2);
      expect(messages.filter((m) => /unknown event "explode"/.test(m))).toHaveLength(1);
      expect(socket.connected).toBe(true);
    });

    it('drops a socket that sends a frame over the size limit; the others carry on', async () => {
      const bystander = t.liveClient(token.analyst!);
      const bystanderSeen = recorder(bystander);
      await connected(bystander);
      const offender = t.liveClient(token.analyst!);
      await connected(offender);
      const gone = new Promise<string>((resolve) => offender.once('disconnect', resolve));
      offender.emit('resume', { after: 1, padding: 'x'.repeat(64 * 1024) } as never);
      expect(await gone).toMatch(/transport (close|error)/);
      const report = await file();
      await bystanderSeen.until(() => bystanderSeen.of('incident.created').some((e) => (e.data as IncidentView).id === report.id));
    });

    it('refuses a handshake without a token or with a bad one', async () => {
      for (const auth of [{}, { token: 'x.y.z' }]) {
        const socket = t.liveClient('', auth);
        const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
        expect(error.message).toMatch(/unauthorized/);
      }
    });
  });

  it("drops the live socket of an account that is disabled, within the session check's period", async () => {
    const admin = `Bearer ${token.admin}`;
    const created = await t.http.post('/api/users').set('Authorization', admin).send({ username: 'officer-tmp', password: 'a long enough passphrase', role: 'officer', guarantor: 'TR' });
    const login = await t.http.post('/api/auth/login').send({ username: 'officer-tmp', password: 'a long enough passphrase' });
    const socket = t.liveClient(login.body.accessToken);
    await connected(socket);
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await t.http.post(`/api/users/${created.body.id}/disable`).set('Authorization', admin).expect(200);
    expect(await dropped).toBe('io server disconnect');
  });
});

describe('live: what is refused before a socket is even opened', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = (await t.login('analyst')).accessToken;
  });
  afterAll(() => t.close());

  it("refuses a browser page of another site (Origin), accepts the product's own origin and clients that send none", async () => {
    const { io } = await import('socket.io-client');
    const attempt = (origin?: string) =>
      new Promise<'connected' | 'refused'>((resolve) => {
        const socket = io(`${t.baseUrl}/live`, {
          auth: { token },
          transports: ['polling'],
          reconnection: false,
          forceNew: true,
          ...(origin ? { extraHeaders: { Origin: origin } } : {}),
        });
        socket.once('connect', () => {
          socket.disconnect();
          resolve('connected');
        });
        socket.once('connect_error', () => resolve('refused'));
      });
    expect(await attempt('https://evil.example')).toBe('refused');
    expect(await attempt(t.baseUrl)).toBe('connected');
    expect(await attempt()).toBe('connected');
  });

  it('drops a socket that floods it with messages; others carry on', async () => {
    const flooder = t.liveClient(token);
    await connected(flooder);
    const bystander = t.liveClient(token);
    await connected(bystander);
    const gone = new Promise<string>((resolve) => flooder.once('disconnect', resolve));
    for (let i = 0; i < 200; i++) flooder.emit('resume', { after: 0 });
    expect(await gone).toBe('io server disconnect');
    expect(bystander.connected).toBe(true);
  });
});
