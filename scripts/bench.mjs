// @ts-check
/**
 * `npm run bench [-- --json]`: each benchmark prints its figures and its ratio
 * to the raw baseline it is compared with, as a table and (with --json) as JSON
 * so runs can be compared. Timings live here, never in pass/fail tests.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const asJson = process.argv.includes('--json');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** @type {{benchmark: string, case: string, figure: string, value: number, unit: string, baseline: string, baselineValue: number, ratio: number}[]} */
const rows = [];

const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const BENCHES = {
  startup: benchStartup,
  ingest: benchIngest,
  // Benchmarks kept in their own files push their rows into the same table.
  fanout: () => import('./bench/fanout.mjs').then((m) => m.benchFanout(rows)),
};

async function main() {
  for (const [name, bench] of Object.entries(BENCHES)) if (!only || only.includes(name)) await bench();
  print();
}

/** Time from starting the built product to a healthy /api/health, cold (new data folder) and warm (reused). */
async function benchStartup() {
  const { startEmbeddedPostgres } = await import(resolve('dist/apps/api/database/embedded-postgres.js'));
  const product = { cold: [], warm: [] };
  const bare = { cold: [], warm: [] };
  for (let i = 0; i < RUNS; i++) {
    const dir = await mkdtemp(join(tmpdir(), 'truce-bench-'));
    try {
      product.cold.push(await timeProductStart(dir));
      product.warm.push(await timeProductStart(dir));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const pgDir = await mkdtemp(join(tmpdir(), 'truce-bench-pg-'));
    try {
      for (const kind of /** @type {const} */ (['cold', 'warm'])) {
        const t0 = performance.now();
        const pg = await startEmbeddedPostgres({ dataDir: pgDir });
        bare[kind].push(performance.now() - t0);
        await pg.stop();
      }
    } finally {
      await rm(pgDir, { recursive: true, force: true });
    }
  }
  for (const kind of /** @type {const} */ (['cold', 'warm'])) {
    const value = median(product[kind]);
    const baselineValue = median(bare[kind]);
    rows.push({
      benchmark: 'startup',
      case: kind,
      figure: `median of ${RUNS}: start → healthy /api/health`,
      value: round(value),
      unit: 'ms',
      baseline: `embedded PostgreSQL alone (${kind === 'cold' ? 'initdb + start' : 'start'})`,
      baselineValue: round(baselineValue),
      ratio: round(value / baselineValue, 2),
    });
  }
}

/**
 * Reports per second through POST /api/incidents (auth, validation,
 * idempotency, classification, audit, event, 201 after commit) against a bare
 * node:http + single-row INSERT server, same client rig, same concurrency, same
 * run; raw pg INSERTs without HTTP for reference.
 */
async function benchIngest() {
  const REQUESTS = Number(process.env.BENCH_INGEST_REQUESTS ?? 2000);
  const { startEmbeddedPostgres } = await import(resolve('dist/apps/api/database/embedded-postgres.js'));
  const pgDir = await mkdtemp(join(tmpdir(), 'truce-bench-ingest-'));
  const pgServer = await startEmbeddedPostgres({ dataDir: pgDir, ephemeral: true });
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: pgServer.url });
  await admin.connect();
  await admin.query('CREATE DATABASE bench_product');
  await admin.query('CREATE DATABASE bench_raw');
  await admin.end();
  const dbUrl = (/** @type {string} */ name) => Object.assign(new URL(pgServer.url), { pathname: `/${name}` }).toString();

  const productPort = await freePort();
  const product = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), 'dist/apps/api/main.js'], {
    env: { ...process.env, DATABASE_URL: dbUrl('bench_product'), PORT: String(productPort), LOG_LEVEL: 'error', NODE_ENV: 'development', JWT_SECRET: 'b'.repeat(40), WRITES_PER_MINUTE: '1000000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const barePort = await freePort();
  const bare = spawn(process.execPath, ['scripts/bench/bare-ingest-server.mjs'], {
    env: { ...process.env, DATABASE_URL: dbUrl('bench_raw'), PORT: String(barePort) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    await waitHealthy(productPort, product);
    await new Promise((ok) => bare.once('message', ok));
    const base = `http://127.0.0.1:${productPort}`;
    const login = await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'monitor', password: process.env.DEMO_PASSWORD ?? 'truce-demo' }) })).json();
    const [agreement] = await (await fetch(`${base}/api/agreements`, { headers: { authorization: `Bearer ${login.accessToken}` } })).json();
    const government = agreement.parties.find((/** @type {{name: string}} */ p) => p.name.startsWith('Syrian Arab Army')).id;
    const report = JSON.stringify({
      agreementId: agreement.id, occurredAt: '2017-01-02T09:30:00Z', location: { lat: 33.695, lon: 36.103 }, governorate: 'SY-RD',
      placeName: 'Ain al-Fijah', eventType: 'shelling', perpetratorPartyId: government, target: { civilians: true },
      casualties: { killed: { low: 1, best: 2, high: 3 } }, sources: [{ kind: 'own_observation' }], description: 'Benchmark report.',
    });
    const rawPool = new pg.Pool({ connectionString: dbUrl('bench_raw'), max: 20 });
    for (const concurrency of [8, 32]) {
      const api = await drive(REQUESTS, concurrency, () =>
        fetch(`${base}/api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}`, 'idempotency-key': crypto.randomUUID() }, body: report }),
      );
      const raw = await drive(REQUESTS, concurrency, () =>
        fetch(`http://127.0.0.1:${barePort}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: report }),
      );
      const sql = await drive(REQUESTS, concurrency, async () => {
        await rawPool.query('INSERT INTO raw_reports (body) VALUES ($1)', [report]);
        return { status: 201 };
      });
      for (const [name, r] of [['p50 latency', 'p50'], ['p99 latency', 'p99']]) {
        rows.push({ benchmark: 'ingest', case: `${concurrency} clients, ${name}`, figure: name, value: api[r], unit: 'ms', baseline: 'bare node:http + INSERT', baselineValue: raw[r], ratio: round(raw[r] / api[r], 2) });
      }
      rows.push({ benchmark: 'ingest', case: `${concurrency} clients, throughput`, figure: 'reports/s', value: api.rate, unit: '/s', baseline: `bare node:http + INSERT (raw pg INSERT: ${sql.rate}/s)`, baselineValue: raw.rate, ratio: round(api.rate / raw.rate, 2) });
      if (api.errors || raw.errors) console.error(`ingest ${concurrency}: ${api.errors} API errors, ${raw.errors} bare errors`);
    }
    await rawPool.end();
  } finally {
    for (const child of [product, bare]) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await pgServer.stop();
    await rm(pgDir, { recursive: true, force: true });
  }
}

/**
 * Sends `total` requests from `concurrency` loops; throughput and latency percentiles.
 * @param {number} total @param {number} concurrency @param {() => Promise<{status: number}>} send
 */
async function drive(total, concurrency, send) {
  const latencies = [];
  let next = 0;
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        const s = performance.now();
        const res = await send();
        if ('body' in res && res.body) await /** @type {Response} */ (res).arrayBuffer();
        if (res.status !== 201) errors += 1;
        latencies.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (/** @type {number} */ p) => round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))], 1);
  return { rate: round(total / seconds), p50: pct(50), p99: pct(99), errors };
}

/** @param {number} port @param {import('node:child_process').ChildProcess} child */
async function waitHealthy(port, child) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the product exited with ${child.exitCode}`);
    if (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** @param {string} dataDir */
async function timeProductStart(dataDir) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['dist/apps/api/main.js'], {
    env: { ...process.env, TRUCE_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'error', DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the product exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
      if (ok) return performance.now() - t0;
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

function print() {
  if (asJson) {
    console.log(JSON.stringify({ at: new Date().toISOString(), runs: RUNS, results: rows }, null, 2));
    return;
  }
  const header = ['benchmark', 'case', 'value', 'baseline', 'ratio'];
  const lines = rows.map((r) => [r.benchmark, r.case, `${r.value} ${r.unit}`, `${r.baselineValue} ${r.unit} (${r.baseline})`, `${r.ratio}×`]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (/** @type {string[]} */ l) => l.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(fmt(l));
}

/** @param {number[]} xs */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
/** @param {number} x */
function round(x, digits = 0) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? ok(a.port) : fail(new Error('no port'))));
    });
  });
}

await main();
