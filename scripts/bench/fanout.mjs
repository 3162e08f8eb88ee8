// @ts-check
/**
 * Fan-out: N connected socket.io clients (spread over guarantor rooms and the
 * analysts' room), reports filed at a steady rate; latency from the HTTP 201 to
 * receipt at each client, p50/p99, against a raw socket.io server that
 * broadcasts each POSTed payload to the same number of clients, with the same
 * client rig, in the same run.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { io } from 'socket.io-client';
import { freePort, round, waitHealthy } from './common.mjs';

const CLIENTS = Number(process.env.BENCH_FANOUT_CLIENTS ?? 1000);
const REPORTS = Number(process.env.BENCH_FANOUT_REPORTS ?? 100);
const RATE = Number(process.env.BENCH_FANOUT_RATE ?? 20); // reports per second

/** @param {Array<Record<string, unknown>>} rows */
export async function benchFanout(rows) {
  const { startEmbeddedPostgres } = await import(resolve('dist/apps/api/database/embedded-postgres.js'));
  const pgDir = await mkdtemp(join(tmpdir(), 'truce-bench-fanout-'));
  const pg = await startEmbeddedPostgres({ dataDir: pgDir, ephemeral: true });
  const productPort = await freePort();
  const rawPort = await freePort();
  const product = spawn(process.execPath, ['dist/apps/api/main.js'], {
    env: { ...process.env, DATABASE_URL: pg.url, PORT: String(productPort), LOG_LEVEL: 'error', NODE_ENV: 'development', JWT_SECRET: 'f'.repeat(40) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const raw = spawn(process.execPath, ['scripts/bench/raw-broadcast-server.mjs'], {
    env: { ...process.env, PORT: String(rawPort) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    await waitHealthy(productPort, product);
    await new Promise((ok) => raw.once('message', ok));
    const base = `http://127.0.0.1:${productPort}`;
    const token = async (/** @type {string} */ username) =>
      (await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: process.env.DEMO_PASSWORD ?? 'truce-demo' }) })).json()).accessToken;
    const watchers = await Promise.all(['officer-ru', 'officer-tr', 'officer-ir', 'analyst'].map(token));
    const monitor = await token('monitor');
    const [agreement] = await (await fetch(`${base}/api/agreements`, { headers: { authorization: `Bearer ${monitor}` } })).json();
    const government = agreement.parties.find((/** @type {{name: string}} */ p) => p.name.startsWith('Syrian Arab Army')).id;
    const report = {
      agreementId: agreement.id, occurredAt: '2017-01-02T09:30:00Z', location: { lat: 33.695, lon: 36.103 }, governorate: 'SY-RD',
      eventType: 'shelling', perpetratorPartyId: government, target: { civilians: true }, sources: [{ kind: 'own_observation' }], description: 'Fan-out benchmark.',
    };

    const productRun = await run({
      connect: (i) => io(`${base}/live`, { transports: ['websocket'], auth: { token: watchers[i % watchers.length] }, forceNew: true, reconnection: false }),
      event: 'incident.created',
      idOf: (/** @type {{data: {id: string}}} */ e) => e.data.id,
      post: async () => {
        const res = await fetch(`${base}/api/incidents`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${monitor}`, 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify(report),
        });
        return /** @type {{id: string}} */ (await res.json()).id;
      },
    });
    const rawRun = await run({
      connect: () => io(`http://127.0.0.1:${rawPort}`, { transports: ['websocket'], forceNew: true, reconnection: false }),
      event: 'report',
      idOf: (/** @type {{id: string}} */ e) => e.id,
      post: async () => {
        const id = crypto.randomUUID();
        await (await fetch(`http://127.0.0.1:${rawPort}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, ...report }) })).arrayBuffer();
        return id;
      },
    });
    for (const p of /** @type {const} */ (['p50', 'p99'])) {
      rows.push({
        benchmark: 'fanout',
        case: `${CLIENTS} clients, ${RATE} reports/s, ${p} 201→receipt`,
        figure: p,
        value: productRun[p],
        unit: 'ms',
        baseline: 'raw socket.io broadcast of each POST',
        baselineValue: rawRun[p],
        ratio: round(productRun[p] / Math.max(rawRun[p], 0.1), 2),
      });
    }
    rows.push({
      benchmark: 'fanout',
      case: `${CLIENTS} clients × ${REPORTS} reports, delivered`,
      figure: 'delivered',
      value: productRun.delivered,
      unit: `of ${CLIENTS * REPORTS}`,
      baseline: 'raw socket.io broadcast of each POST',
      baselineValue: rawRun.delivered,
      ratio: round(productRun.delivered / Math.max(rawRun.delivered, 1), 3),
    });
  } finally {
    for (const child of [product, raw]) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await pg.stop();
    await rm(pgDir, { recursive: true, force: true });
  }
}

/**
 * Connects the clients, files REPORTS at RATE per second, and measures for
 * every (report, client) the time from the 201 to the event's arrival.
 * @param {{connect: (i: number) => import('socket.io-client').Socket, event: string, idOf: (e: any) => string, post: () => Promise<string>}} rig
 */
async function run(rig) {
  /** @type {Map<string, number[]>} arrival times per report id */
  const arrivals = new Map();
  const sockets = [];
  for (let i = 0; i < CLIENTS; i++) {
    const socket = rig.connect(i);
    socket.on(rig.event, (/** @type {unknown} */ e) => {
      const id = rig.idOf(e);
      const list = arrivals.get(id) ?? [];
      list.push(performance.now());
      arrivals.set(id, list);
    });
    sockets.push(socket);
    if (i % 50 === 49) await Promise.all(sockets.slice(-50).map((s) => (s.connected ? null : new Promise((ok, fail) => { s.once('connect', ok); s.once('connect_error', fail); }))));
  }
  await Promise.all(sockets.map((s) => (s.connected ? null : new Promise((ok) => s.once('connect', ok)))));
  /** @type {Map<string, number>} */
  const created = new Map();
  const posts = [];
  const t0 = performance.now();
  for (let n = 0; n < REPORTS; n++) {
    const due = t0 + (n * 1000) / RATE;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    posts.push(rig.post().then((id) => created.set(id, performance.now())));
  }
  await Promise.all(posts);
  const deadline = performance.now() + 10_000;
  const expected = REPORTS * CLIENTS;
  const count = () => [...arrivals.values()].reduce((a, l) => a + l.length, 0);
  while (count() < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const s of sockets) s.disconnect();
  const latencies = [];
  // An event may overtake its own 201 on the way back to the rig; that counts as no delay, not as negative.
  for (const [id, at] of created) for (const arrival of arrivals.get(id) ?? []) latencies.push(Math.max(0, arrival - at));
  latencies.sort((a, b) => a - b);
  const pct = (/** @type {number} */ p) => round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN, 1);
  return { p50: pct(50), p99: pct(99), delivered: count() };
}
