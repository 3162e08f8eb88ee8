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

async function main() {
  await benchStartup();
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
