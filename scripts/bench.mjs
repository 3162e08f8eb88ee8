// @ts-check
/**
 * `npm run bench [-- --json]`: each benchmark prints its figures and its ratio
 * to the raw baseline it is compared with, as a table and (with --json) as JSON
 * so runs can be compared. Timings live here, never in pass/fail tests.
 */
import { spawn } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, median, round, waitHealthy } from './bench/common.mjs';
import { clusterCpuMs, processCpuMs } from './bench/cpu.mjs';
import { seedReports } from './bench/seed-reports.mjs';

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
  stats: benchStatsAndExport,
  import: benchImport,
  dashboard: () => import('./bench/dashboard-bench.mjs').then((m) => m.benchDashboard(rows)),
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
    const toProduct = () =>
      fetch(`${base}/api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}`, 'idempotency-key': crypto.randomUUID() }, body: report });
    const toBare = () => fetch(`http://127.0.0.1:${barePort}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: report });
    // Both servers warm up first (JIT, connection pools, caches): the figures are of the steady state.
    await drive(300, 8, toProduct);
    await drive(300, 8, toBare);
    for (const concurrency of [8, 32]) {
      const api = await withCpu(product.pid, pgServer.dataDir, REQUESTS, () => drive(REQUESTS, concurrency, toProduct));
      const raw = await withCpu(bare.pid, pgServer.dataDir, REQUESTS, () => drive(REQUESTS, concurrency, toBare));
      const sql = await drive(REQUESTS, concurrency, async () => {
        await rawPool.query('INSERT INTO raw_reports (body) VALUES ($1)', [report]);
        return { status: 201 };
      });
      for (const [name, r] of [['p50 latency', 'p50'], ['p99 latency', 'p99']]) {
        rows.push({ benchmark: 'ingest', case: `${concurrency} clients, ${name}`, figure: name, value: api[r], unit: 'ms', baseline: 'bare node:http + INSERT', baselineValue: raw[r], ratio: round(raw[r] / api[r], 2) });
      }
      rows.push({ benchmark: 'ingest', case: `${concurrency} clients, throughput`, figure: 'reports/s', value: api.rate, unit: '/s', baseline: `bare node:http + INSERT (raw pg INSERT: ${sql.rate}/s)`, baselineValue: raw.rate, ratio: round(api.rate / raw.rate, 2) });
      // CPU per report, which the machine's other load does not change: the server process, and PostgreSQL.
      if (api.cpu && raw.cpu)
        for (const [part, key] of /** @type {const} */ ([['server process', 'server'], ['PostgreSQL', 'database']]))
          rows.push({ benchmark: 'ingest', case: `${concurrency} clients, CPU per report (${part})`, figure: 'CPU ms', value: api.cpu[key], unit: 'ms', baseline: 'bare node:http + INSERT', baselineValue: raw.cpu[key], ratio: round(raw.cpu[key] / api.cpu[key], 2) });
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
 * Starts the built product on a fresh database of a new embedded PostgreSQL
 * (migrated and seeded by the product itself) and hands `run` what it needs.
 * @param {string} name
 * @param {(ctx: {base: string, token: string, agreement: any, pool: import('pg').Pool, product: import('node:child_process').ChildProcess, dbUrl: string}) => Promise<void>} run
 */
async function withProduct(name, run) {
  const { startEmbeddedPostgres } = await import(resolve('dist/apps/api/database/embedded-postgres.js'));
  const pgDir = await mkdtemp(join(tmpdir(), `truce-bench-${name}-`));
  const pgServer = await startEmbeddedPostgres({ dataDir: pgDir, ephemeral: true });
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: pgServer.url });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const dbUrl = Object.assign(new URL(pgServer.url), { pathname: '/bench' }).toString();
  const port = await freePort();
  const product = spawn(process.execPath, ['dist/apps/api/main.js'], {
    env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), LOG_LEVEL: 'error', NODE_ENV: 'development', JWT_SECRET: 'b'.repeat(40) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pool = new pg.Pool({ connectionString: dbUrl, max: 4 });
  try {
    await waitHealthy(port, product);
    const base = `http://127.0.0.1:${port}`;
    const login = await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'analyst', password: process.env.DEMO_PASSWORD ?? 'truce-demo' }) })).json();
    const [agreement] = await (await fetch(`${base}/api/agreements`, { headers: { authorization: `Bearer ${login.accessToken}` } })).json();
    await run({ base, token: login.accessToken, agreement, pool, product, dbUrl });
  } finally {
    await pool.end();
    const exited = new Promise((r) => product.once('exit', r));
    product.kill('SIGTERM');
    await exited;
    await pgServer.stop();
    await rm(pgDir, { recursive: true, force: true });
  }
}

/**
 * Statistics through the API (summary + daily series, over the daily counts)
 * against the same aggregates written as ad-hoc SQL over the incidents table;
 * CSV export of every row through the API, MB/s and the product's peak RSS
 * growth, against `COPY (…) TO STDOUT CSV`. The issue's figure is 1,000,000
 * reports (BENCH_STATS_ROWS=1000000); the default is 100,000.
 */
async function benchStatsAndExport() {
  const N = Number(process.env.BENCH_STATS_ROWS ?? 100_000);
  await withProduct('stats', async ({ base, token, agreement, pool, product }) => {
    await seedReports(pool, agreement, N);
    const range = 'from=2016-07-01&to=2017-07-01';
    const get = (/** @type {string} */ path) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const api = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const t0 = performance.now();
      const [summary, daily] = [await get(`/api/stats/summary?${range}`), await get(`/api/stats/daily?${range}&limit=3660`)];
      if (summary.status !== 200 || daily.status !== 200) throw new Error(`stats answered ${summary.status}/${daily.status}`);
      await summary.arrayBuffer();
      await daily.arrayBuffer();
      if (i > 0) api.push(performance.now() - t0); // the first run warms caches for both sides
    }
    const day = "(occurred_at AT TIME ZONE 'Asia/Damascus')::date";
    const where = `agreement_id = $1 AND verification IN ('reported','corroborated','verified') AND ${day} BETWEEN '2016-07-01' AND '2017-07-01'`;
    const sums = ['killed', 'injured', 'civilians_killed', 'civilians_injured', 'combatants_killed', 'combatants_injured'].flatMap((r) => ['low', 'best', 'high'].map((b) => `sum(${r}_${b})`)).join(', ');
    const adhoc = [
      `SELECT outcome, responsible_guarantor, perpetrator_party_id, governorate, event_type, count(*), ${sums} FROM incidents WHERE ${where}
        GROUP BY GROUPING SETS ((outcome), (outcome, responsible_guarantor), (outcome, perpetrator_party_id), (outcome, governorate), (outcome, event_type))`,
      `SELECT ${day}, outcome, responsible_guarantor, count(*), ${sums} FROM incidents WHERE ${where} GROUP BY 1, 2, 3`,
      `SELECT responsible_guarantor, count(DISTINCT ${day}) FILTER (WHERE outcome = 'violation'), count(DISTINCT ${day}) FROM incidents
        WHERE ${where} AND outcome IN ('violation','disputed_exclusion') AND ${day} >= '2016-12-30' GROUP BY 1`,
      `SELECT count(*) FILTER (WHERE ${day} < '2016-12-30'), count(*) FILTER (WHERE ${day} >= '2016-12-30') FROM incidents i JOIN parties p ON p.id = i.perpetrator_party_id
        WHERE i.agreement_id = $1 AND verification IN ('reported','corroborated','verified') AND p.guarantor IS NOT NULL AND ${day} BETWEEN '2016-07-01' AND '2017-07-01'`,
      `SELECT responsible_guarantor, count(*), count(acknowledged_at), count(*) FILTER (WHERE acknowledged_at <= acknowledge_by),
              percentile_disc(0.5) WITHIN GROUP (ORDER BY acknowledged_at - (acknowledge_by - interval '2 hours')),
              percentile_disc(0.9) WITHIN GROUP (ORDER BY acknowledged_at - (acknowledge_by - interval '2 hours'))
         FROM incidents WHERE ${where} AND acknowledge_by IS NOT NULL GROUP BY 1`,
    ];
    const sql = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const t0 = performance.now();
      for (const q of adhoc) await pool.query(q, [agreement.id]);
      if (i > 0) sql.push(performance.now() - t0);
    }
    rows.push({ benchmark: 'stats', case: `summary + daily, ${N} reports`, figure: 'median ms', value: round(median(api)), unit: 'ms', baseline: 'the same aggregates as ad-hoc SQL on incidents', baselineValue: round(median(sql)), ratio: round(median(api) / median(sql), 2) });

    // CSV export of every row, with the product's resident memory sampled while it streams; each side RUNS times, alternating, medians.
    const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${product.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    const rssBefore = rss();
    let peak = rssBefore;
    const { to: copyTo } = await import('pg-copy-streams');
    const apiRates = [];
    const copyRates = [];
    let bytes = 0;
    let copyBytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const sampler = setInterval(() => (peak = Math.max(peak, rss())), 20);
      const t0 = performance.now();
      const res = await get(`/api/exports/incidents.csv?agreementId=${agreement.id}`);
      bytes = 0;
      for await (const chunk of /** @type {AsyncIterable<Uint8Array>} */ (/** @type {unknown} */ (res.body))) bytes += chunk.length;
      apiRates.push(bytes / 1e6 / ((performance.now() - t0) / 1000));
      clearInterval(sampler);
      const client = await pool.connect();
      const c0 = performance.now();
      copyBytes = 0;
      const stream = client.query(copyTo(`COPY (SELECT * FROM incidents WHERE agreement_id = '${agreement.id}' ORDER BY occurred_at, id) TO STDOUT (FORMAT csv, HEADER)`));
      for await (const chunk of stream) copyBytes += chunk.length;
      copyRates.push(copyBytes / 1e6 / ((performance.now() - c0) / 1000));
      client.release();
    }
    const mbps = median(apiRates);
    const copyMbps = median(copyRates);
    rows.push({ benchmark: 'export', case: `CSV, ${N} reports (${round(bytes / 1e6)} MB)`, figure: `median of ${RUNS} MB/s`, value: round(mbps, 1), unit: 'MB/s', baseline: `COPY … TO STDOUT CSV (${round(copyBytes / 1e6)} MB)`, baselineValue: round(copyMbps, 1), ratio: round(mbps / copyMbps, 2) });
    rows.push({ benchmark: 'export', case: `CSV, ${N} reports`, figure: 'peak RSS growth', value: round((peak - rssBefore) / 1e6, 1), unit: 'MB', baseline: 'RSS before the export', baselineValue: round(rssBefore / 1e6, 1), ratio: round(peak / rssBefore, 2) });
  });
}

/**
 * `npm run import` of a generated ACLED-format file (BENCH_IMPORT_ROWS, 100,000
 * by default), rows/s, against `COPY FROM` of the same file into a table of
 * text columns on the same server.
 */
async function benchImport() {
  const N = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
  const dir = await mkdtemp(join(tmpdir(), 'truce-bench-acled-'));
  const file = join(dir, 'acled.csv');
  try {
    const header = 'event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp';
    const actors = [['Military Forces of Syria (2000-)', '1'], ['Opposition Rebels (Syria)', '2'], ['Islamic State (Syria)', '2'], ['Jabhat Fateh al Sham', '2'], ['Hezbollah', '8'], ['QSD: Syrian Democratic Forces', '2'], ['Civilians (Syria)', '7'], ['Unidentified Armed Group (Syria)', '3']];
    const places = [['Aleppo', 'Aleppo', '36.2021', '37.1343'], ['Idleb', 'Saraqib', '35.8640', '36.8060'], ['Rural Damascus', 'Douma', '33.5720', '36.4050'], ['Hama', 'Souran', '35.2890', '36.7450'], ["Dar'a", 'Daraa', '32.6250', '36.1060']];
    const types = [['Battles', 'Armed clash'], ['Explosions/Remote violence', 'Shelling/artillery/missile attack'], ['Explosions/Remote violence', 'Air/drone strike'], ['Violence against civilians', 'Attack']];
    const lines = [header];
    for (let i = 0; i < N; i++) {
      const [a1, i1] = actors[i % 6];
      const [a2, i2] = actors[(i * 7 + 3) % 8];
      const [adm, loc, lat, lon] = places[i % 5];
      const [et, sub] = types[i % 4];
      const date = new Date(Date.UTC(2016, 6, 1) + (i % 365) * 86_400_000).toISOString().slice(0, 10);
      lines.push(`SYR${100000 + i},${date},${date.slice(0, 4)},${1 + (i % 3)},Political violence,${et},${sub},${a1},,${i1},${a2},,${i2},12,,760,Middle East,Syria,"${adm}",,,"${loc}",${lat},${lon},${1 + (i % 3)},SOHR,National,"Generated event ${i}, with a comma and ""quotes"".",${i % 5},,1618000000`);
    }
    await writeFile(file, lines.join('\n') + '\n');
    await withProduct('import', async ({ pool, dbUrl }) => {
      const t0 = performance.now();
      const child = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), 'dist/apps/api/imports/import-cli.js', '--format', 'acled', '--quiet', file], { env: { ...process.env, DATABASE_URL: dbUrl }, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      const code = await new Promise((r) => child.once('exit', r));
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0 || !/imported\s+\d+/.test(out)) throw new Error(`import exited ${code}: ${out}`);
      const { from: copyFrom } = await import('pg-copy-streams');
      const client = await pool.connect();
      await client.query(`CREATE TABLE acled_raw (${header.split(',').map((c) => `${c} text`).join(', ')})`);
      const c0 = performance.now();
      const { pipeline } = await import('node:stream/promises');
      await pipeline(createReadStream(file), client.query(copyFrom('COPY acled_raw FROM STDIN (FORMAT csv, HEADER)')));
      const copySeconds = (performance.now() - c0) / 1000;
      // The floor of writing these rows at all: the same rows, already mapped, inserted into an empty copy of
      // incidents with its indexes and foreign keys (no reading, classification, seals or statistics).
      await client.query('CREATE TABLE incidents_floor (LIKE incidents INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING INDEXES INCLUDING CONSTRAINTS)');
      const foreignKeys = await client.query("SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'incidents'::regclass AND contype = 'f'");
      for (const { def } of foreignKeys.rows) await client.query(`ALTER TABLE incidents_floor ADD ${def}`);
      const { rows: [{ columns }] } = await client.query(
        "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS columns FROM information_schema.columns WHERE table_name = 'incidents' AND is_generated = 'NEVER'",
      );
      const f0 = performance.now();
      const floor = await client.query(`INSERT INTO incidents_floor (${columns}) SELECT ${columns} FROM incidents WHERE source_system = 'acled'`);
      const floorSeconds = (performance.now() - f0) / 1000;
      client.release();
      rows.push({ benchmark: 'import', case: `ACLED CSV, ${N} rows (whole command)`, figure: 'rows/s', value: round(N / seconds), unit: 'rows/s', baseline: 'COPY FROM into text columns', baselineValue: round(N / copySeconds), ratio: round(copySeconds / seconds, 2) });
      rows.push({ benchmark: 'import', case: `floor: the same ${floor.rowCount} rows INSERTed into a copy of incidents (indexes + foreign keys)`, figure: 'rows/s', value: round(N / floorSeconds), unit: 'rows/s', baseline: 'COPY FROM into text columns', baselineValue: round(N / copySeconds), ratio: round(copySeconds / floorSeconds, 2) });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `work` (which sends `requests` requests) and adds the CPU each request
 * cost the server process and the PostgreSQL cluster, where /proc tells.
 * @template {object} T
 * @param {number | undefined} pid @param {string} pgDataDir @param {number} requests @param {() => Promise<T>} work
 * @returns {Promise<T & { cpu: { server: number, database: number } | null }>}
 */
async function withCpu(pid, pgDataDir, requests, work) {
  const before = { server: pid ? processCpuMs(pid) : null, database: clusterCpuMs(pgDataDir) };
  const result = await work();
  const after = { server: pid ? processCpuMs(pid) : null, database: clusterCpuMs(pgDataDir) };
  const cpu =
    before.server !== null && after.server !== null && before.database !== null && after.database !== null
      ? { server: round((after.server - before.server) / requests, 2), database: round((after.database - before.database) / requests, 2) }
      : null;
  return { ...result, cpu };
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

/** @param {string} dataDir */
async function timeProductStart(dataDir) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['dist/apps/api/main.js'], {
    env: { ...process.env, TRUCE_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'error', DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitHealthy(port, child, 25);
    return performance.now() - t0;
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

await main();
