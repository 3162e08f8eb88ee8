import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { nothingLost } from './checks.js';
import { type DemoUser, type Session, Watcher, api, connectedOrRefused, forgeJwt, jwtClaims, login, loginAll, reportBody, seededAgreement } from './clients.js';
import type { Context } from './context.js';
import type { Product } from './product.js';
import type { ScenarioResult } from './report.js';
import { fmtMb, fmtMs, pool, sleep, until } from './util.js';

/** Frames an attacker sends down a raw WebSocket to socket.io, after engine.io's open packet. */
const GARBAGE: { kind: string; frames: (token: string) => (string | Buffer)[] }[] = [
  { kind: 'random bytes (binary)', frames: () => [randomBytes(1 + Math.floor(Math.random() * 4096))] },
  { kind: 'random text', frames: () => [randomBytes(200).toString('latin1')] },
  { kind: 'unknown engine.io packet type', frames: () => ['9garbage'] },
  { kind: 'namespace connect, broken JSON', frames: () => ['40/live,{"token":'] },
  { kind: 'namespace connect, auth not an object', frames: () => ['40/live,"abc"', '40/live,[1,2,3]'] },
  { kind: 'unknown namespace', frames: () => ['40/nope,{}'] },
  { kind: 'event before connecting', frames: () => ['42/live,["resume",{"after":0}]'] },
  { kind: 'binary placeholder, no attachment', frames: () => ['451-/live,["resume",{"_placeholder":true,"num":0}]'] },
  { kind: 'frame over the size limit', frames: () => [`42/live,["resume",{"after":0,"pad":"${'x'.repeat(64 * 1024)}"}]`] },
  { kind: 'deeply nested JSON', frames: () => [`42/live,${'['.repeat(20_000)}${']'.repeat(20_000)}`] },
  { kind: 'invalid UTF-8 in a text frame', frames: () => [Buffer.from([0x34, 0x32, 0xff, 0xfe, 0xfd])] },
  { kind: 'connected, then malformed events', frames: (token) => [`40/live,{"token":"${token}"}`, '42/live,["resume",', '42/live,{"not":"an array"}', '42/live,[]', '42/live,[42]'] },
  { kind: '1,000 junk frames on one socket', frames: () => Array.from({ length: 1000 }, (_, i) => `4${i % 2 ? '9' : '2'}junk${i}`) },
];

interface GarbageOutcome {
  sent: number;
  closed: number;
  open: number;
}

/**
 * 6. Attacks on the running product: forged and revoked tokens over HTTP and
 * at the socket handshake; thousands of connections without a token;
 * malformed engine.io/socket.io frames on raw WebSockets; event floods from
 * signed-in sockets. Bystander dashboards must keep getting every event and
 * never be dropped; the API's memory must stay bounded.
 */
export async function attackScenario(ctx: Context): Promise<ScenarioResult> {
  const started = Date.now();
  const { noTokenAttempts, garbageFrames, flooders, floodEvents } = ctx.counts;
  const database = await ctx.database('attacks');
  const product = await ctx.product(database.url, 'attacks');
  await product.start();
  const sessions = await loginAll(product.baseUrl);
  const agreement = await seededAgreement(product.baseUrl, sessions.monitor.token);
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  const checks: ScenarioResult['checks'] = [];
  const found: string[] = [];

  const bystanderRoles: DemoUser[] = ['analyst', 'officer-ru', 'officer-tr', 'reviewer', 'admin'];
  const bystanders = Array.from({ length: 10 }, (_, i) => new Watcher(product.baseUrl, bystanderRoles[i % bystanderRoles.length]!, sessions[bystanderRoles[i % bystanderRoles.length]!].token));
  await until(() => bystanders.every((b) => b.startSeq !== null), 20_000);
  const filed: string[] = [];
  const latencies: number[] = [];
  let late = 0;
  /** Files one report and waits until every bystander holds its event. */
  const served = async (): Promise<boolean> => {
    const t0 = Date.now();
    const res = await api(product.baseUrl, sessions.monitor.token, 'POST', '/api/incidents', reportBody(agreement, filed.length), { 'idempotency-key': randomUUID() });
    if (res.status !== 201) {
      late += 1;
      return false;
    }
    const id = res.body.id as string;
    filed.push(id);
    const seq = Number((await db.query<{ seq: string }>(`SELECT seq FROM event_log WHERE type = 'incident.created' AND data->>'id' = $1`, [id])).rows[0]?.seq);
    const ok = await until(() => bystanders.every((b) => (b.lastSeq ?? 0) >= seq), 5000, 10);
    latencies.push(Date.now() - t0);
    if (!ok) late += 1;
    return ok;
  };
  for (let i = 0; i < 5; i++) await served();
  const rssBefore = await product.rss();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => void product.rss().then((r) => (rssPeak = Math.max(rssPeak, r))), 200);

  try {
    // Tokens.
    const tokenResults = await tokenAttacks(ctx, product, sessions);
    const refusedHttp = tokenResults.filter((t) => t.http === 401).length;
    const refusedSocket = tokenResults.filter((t) => /unauthori[sz]ed/.test(t.socket)).length;
    checks.push({
      name: 'forged, expired, disabled and signed-out tokens refused over HTTP (401) and at the socket handshake',
      ok: refusedHttp === tokenResults.length && refusedSocket === tokenResults.length,
      detail: tokenResults.filter((t) => t.http !== 401 || !/unauthori[sz]ed/.test(t.socket)).map((t) => `${t.kind}: HTTP ${t.http}, socket ${t.socket}`).join('; ') || `${tokenResults.length} kinds`,
    });
    const control = await controlToken(product, sessions.analyst.token);
    checks.push({ name: 'a valid token is accepted on both (control)', ok: control, detail: control ? 'HTTP 200, socket connected' : 'refused' });
    found.push(`tokens: ${tokenResults.map((t) => t.kind).join(', ')} — HTTP 401 ${refusedHttp}/${tokenResults.length}, socket refused ${refusedSocket}/${tokenResults.length}`);
    await served();

    // Connections without a token.
    const noToken = { refused: 0, accepted: 0, other: 0 };
    const t0 = Date.now();
    await pool(noTokenAttempts, 50, async (i) => {
      const socket = io(`${product.baseUrl}/live`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: i % 3 === 0 ? {} : i % 3 === 1 ? { token: '' } : { token: 42 } });
      const outcome = await connectedOrRefused(socket, 10_000);
      if (outcome === 'connected') noToken.accepted += 1;
      else if (/unauthori[sz]ed/.test(outcome)) noToken.refused += 1;
      else noToken.other += 1;
      socket.disconnect();
    });
    const noTokenMs = Date.now() - t0;
    checks.push({ name: 'connections without a token all refused', ok: noToken.refused === noTokenAttempts, detail: `${noToken.refused}/${noTokenAttempts} refused, ${noToken.accepted} accepted, ${noToken.other} other` });
    found.push(`${noTokenAttempts} socket connections without a token in ${fmtMs(noTokenMs)}: ${noToken.refused} refused, ${noToken.accepted} accepted, ${noToken.other} timed out or failed otherwise`);
    await served();

    // Malformed frames.
    const garbage = new Map<string, GarbageOutcome>();
    await pool(garbageFrames, 25, async (i) => {
      const g = GARBAGE[i % GARBAGE.length]!;
      const o = garbage.get(g.kind) ?? { sent: 0, closed: 0, open: 0 };
      garbage.set(g.kind, o);
      const closed = await sendGarbage(product.baseUrl, g.frames(sessions.analyst.token));
      o.sent += 1;
      if (closed) o.closed += 1;
      else o.open += 1;
    });
    const alive1 = product.alive && (await product.health()).status === 200;
    const servedAfterGarbage = await served();
    const totalGarbage = [...garbage.values()].reduce((n, o) => n + o.sent, 0);
    const closedGarbage = [...garbage.values()].reduce((n, o) => n + o.closed, 0);
    checks.push({ name: 'malformed frames: the server carries on, the bystanders are served', ok: alive1 && servedAfterGarbage, detail: `${totalGarbage} sockets sent garbage; server ${alive1 ? 'healthy' : 'NOT healthy'}` });
    found.push(
      `${totalGarbage} raw WebSockets sent malformed frames (${GARBAGE.length} kinds): ${closedGarbage} closed by the server, ${totalGarbage - closedGarbage} left open without effect (${[...garbage.entries()].filter(([, o]) => o.open > 0).map(([k]) => k).join(', ') || 'none'})`,
    );

    // Event floods.
    const flood = await floodAttack(product.baseUrl, sessions.analyst.token, flooders, floodEvents, served);
    checks.push({
      name: 'event floods: every flooding socket is dropped',
      ok: flood.dropped === flooders,
      detail: `${flood.dropped}/${flooders} dropped (${flood.reasons.join(', ') || 'none'}); ${flood.sent} events sent`,
    });
    checks.push({ name: 'event floods: the server carries on, the bystanders are served during the flood', ok: flood.servedDuring && product.alive, detail: `bystanders served during the flood: ${flood.servedDuring ? 'yes' : 'no'}` });
    found.push(
      `${flooders} signed-in sockets flooded ${floodEvents} events each (unknown events and resume from 0): ${flood.dropped} dropped after ${flood.dropped ? fmtMs(Math.max(...flood.dropMs)) : '—'} (${[...new Set(flood.reasons)].join(', ')}); ${flood.replayed} events replayed to the flooders`,
    );

    // Bystanders, memory.
    await sleep(3000);
    const rssAfter = await product.rss();
    clearInterval(sampler);
    const finalServed = await served();
    const dropped = bystanders.filter((b) => b.connects !== 1).length;
    checks.push({ name: 'the bystanders were never dropped and got every event within 5 s', ok: dropped === 0 && late === 0 && finalServed, detail: `${dropped} bystanders dropped, ${late} reports late or refused` });
    const bound = Math.max(rssBefore * 2, rssBefore + 256 * 1024 * 1024);
    checks.push({ name: 'API memory bounded (RSS after ≤ max(2 × before, before + 256 MB))', ok: rssAfter <= bound, detail: `before ${fmtMb(rssBefore)}, peak ${fmtMb(rssPeak)}, after ${fmtMb(rssAfter)}` });
    found.push(`API RSS: before ${fmtMb(rssBefore)}, peak ${fmtMb(rssPeak)}, after ${fmtMb(rssAfter)}; 10 bystanders: ${dropped} dropped, filing → every bystander holds it: max ${fmtMs(Math.max(...latencies))}`);
    const disabledDrop = tokenResults.find((t) => t.liveDroppedMs !== undefined)?.liveDroppedMs ?? -1;
    checks.push({ name: 'a live socket of a disabled account is dropped within 60 s', ok: disabledDrop >= 0 && disabledDrop <= 60_000, detail: disabledDrop >= 0 ? fmtMs(disabledDrop) : 'not dropped' });
    found.push(`a live socket of an account disabled meanwhile: dropped after ${disabledDrop >= 0 ? fmtMs(disabledDrop) : 'never'}`);

    const lost = await nothingLost({ databaseUrl: database.url, baseUrl: product.baseUrl, loads: [], otherReports: filed, watchers: bystanders });
    checks.push(...lost.checks);
  } finally {
    clearInterval(sampler);
    for (const b of bystanders) b.close();
    await db.end().catch(() => undefined);
  }
  return {
    name: '6. Attacks',
    injected: `forged/revoked tokens (HTTP and socket), ${noTokenAttempts} connections without a token, ${garbageFrames} raw WebSockets of malformed frames, ${flooders} × ${floodEvents}-event floods`,
    found,
    checks,
    durationMs: Date.now() - started,
  };
}

interface TokenResult {
  kind: string;
  http: number;
  socket: string;
  liveDroppedMs?: number;
}

async function tokenAttacks(ctx: Context, product: Product, sessions: Record<DemoUser, Session>): Promise<TokenResult[]> {
  const base = product.baseUrl;
  const claims = jwtClaims(sessions.analyst.token);
  const now = Math.floor(Date.now() / 1000);
  const [header64, , signature] = sessions.analyst.token.split('.');
  const tokens: { kind: string; token: string }[] = [
    { kind: 'alg none', token: forgeJwt({ alg: 'none', typ: 'JWT' }, claims, null) },
    { kind: 'wrong signature', token: forgeJwt({ alg: 'HS256', typ: 'JWT' }, claims, randomBytes(32).toString('hex')) },
    { kind: 'expired (right key)', token: forgeJwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 7200, exp: now - 60 }, ctx.jwtSecret) },
    { kind: 'HS512 (right key)', token: forgeJwt({ alg: 'HS512', typ: 'JWT' }, claims, ctx.jwtSecret, 'sha512') },
    { kind: 'claims swapped under the old signature', token: `${header64}.${Buffer.from(JSON.stringify({ ...claims, sub: sessions.admin.userId })).toString('base64url')}.${signature}` },
    { kind: 'not a JWT', token: 'x.y.z' },
  ];

  // A disabled account: its token, and a live socket it had open.
  const admin = sessions.admin.token;
  const officer = await api(base, admin, 'POST', '/api/users', { username: 'faults-officer', password: 'a long enough passphrase', role: 'officer', guarantor: 'TR' });
  const officerLogin = await login(base, 'faults-officer', 'a long enough passphrase');
  const live = io(`${base}/live`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: officerLogin.token } });
  await connectedOrRefused(live);
  const liveDropped = new Promise<number>((resolve) => {
    const t0 = Date.now();
    live.once('disconnect', () => resolve(Date.now() - t0));
    setTimeout(() => resolve(-1), 65_000).unref();
  });
  await api(base, admin, 'POST', `/api/users/${officer.body.id as string}/disable`, {});
  tokens.push({ kind: 'disabled account', token: officerLogin.token });

  // Signed out: the token replayed after logout.
  await api(base, admin, 'POST', '/api/users', { username: 'faults-analyst', password: 'a long enough passphrase', role: 'analyst' });
  const analystLogin = await login(base, 'faults-analyst', 'a long enough passphrase');
  await api(base, analystLogin.token, 'POST', '/api/auth/logout', {});
  tokens.push({ kind: 'replayed after logout', token: analystLogin.token });

  const results: TokenResult[] = [];
  for (const { kind, token } of tokens) {
    const http = (await api(base, token, 'GET', '/api/agreements')).status;
    const socket = io(`${base}/live`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token } });
    const outcome = await connectedOrRefused(socket, 10_000);
    socket.disconnect();
    results.push({ kind, http, socket: outcome === 'connected' ? 'ACCEPTED' : outcome });
  }
  const dropped = await liveDropped;
  live.disconnect();
  results.find((r) => r.kind === 'disabled account')!.liveDroppedMs = dropped;
  return results;
}

async function controlToken(product: Product, token: string): Promise<boolean> {
  const http = (await api(product.baseUrl, token, 'GET', '/api/agreements')).status;
  const socket = io(`${product.baseUrl}/live`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token } });
  const outcome = await connectedOrRefused(socket);
  socket.disconnect();
  return http === 200 && outcome === 'connected';
}

/** Opens a raw engine.io WebSocket, sends the frames, and tells whether the server closed it within 3 s. */
function sendGarbage(baseUrl: string, frames: (string | Buffer)[]): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, { maxPayload: 1024 * 1024 });
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      resolve(closed);
    };
    const timer = setTimeout(() => finish(false), 8000);
    ws.on('error', () => finish(true));
    ws.on('close', () => finish(true));
    ws.once('message', () => {
      // engine.io's open packet came: now the garbage.
      for (const frame of frames) ws.send(frame, { binary: Buffer.isBuffer(frame) && frame[0] !== 0x34 });
      clearTimeout(timer);
      setTimeout(() => finish(false), 3000);
    });
  });
}

async function floodAttack(baseUrl: string, token: string, flooders: number, events: number, served: () => Promise<boolean>) {
  const sockets = Array.from({ length: flooders }, () => io(`${baseUrl}/live`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token } }));
  await Promise.all(sockets.map((s) => connectedOrRefused(s)));
  const dropMs: number[] = [];
  const reasons: string[] = [];
  let replayed = 0;
  const t0 = Date.now();
  for (const s of sockets) {
    s.on('live.replayed', (info: { count: number }) => (replayed += info.count));
    s.once('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      dropMs.push(Date.now() - t0);
      reasons.push(reason);
    });
  }
  let sent = 0;
  const flooding = Promise.all(
    sockets.map(async (s) => {
      for (let i = 0; i < events && s.connected; i++) {
        if (i % 10 === 0) s.emit('resume', { after: 0 });
        else s.emit('flood', { i, pad: 'x'.repeat(100) });
        sent += 1;
        if (i % 200 === 0) await sleep(0);
      }
    }),
  );
  const servedDuring = await served();
  await flooding;
  await until(() => dropMs.length === flooders, 10_000, 50);
  for (const s of sockets) s.disconnect();
  return { dropped: dropMs.length, dropMs, reasons, sent, replayed, servedDuring };
}
