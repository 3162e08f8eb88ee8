import { nothingLost } from './checks.js';
import { FIELD_MONITORS, Load, ROLES, Watcher, fieldSetup } from './clients.js';
import type { Context } from './context.js';
import type { PostgresKill } from './postgres.js';
import type { ScenarioResult } from './report.js';
import { fmtMs, sleep } from './util.js';

interface Outage {
  mode: PostgresKill;
  downMs: number;
  healthDown: number;
  healthDownBad: number;
  post503: number;
  post503Bad: number;
  /** From the database accepting connections again to /api/health saying db up. */
  dbBackMs: number;
  /** … and live (the LISTEN connection) up. */
  liveBackMs: number;
}

const RECOVERY_LIMIT_MS = 10_000;

/**
 * 2. Kill PostgreSQL (every process at once with SIGKILL, or an immediate
 * shutdown as `pg_ctl -m immediate` does) under load, keep it down a moment,
 * start it again in place. The API must stay up, answer 503 with Retry-After
 * (health: db down) meanwhile, and be whole again, listener included, within
 * 10 s of the database's return.
 */
export async function postgresScenario(ctx: Context): Promise<ScenarioResult> {
  const started = Date.now();
  const { pgRestarts, pgRate } = ctx.counts;
  const { db, api, sessions, monitors, agreement } = await fieldSetup(ctx, 'postgres');
  const watchers = ROLES.map((role) => new Watcher(api.baseUrl, role, sessions[role].token));
  const load = new Load(api.baseUrl, monitors, agreement, pgRate, ctx.random);

  let current: Outage | null = null;
  let unreachable = 0;
  let apiExits = 0;
  load.observe((status, retryAfter) => {
    if (status === 0) unreachable += 1;
    if (current && status === 503) {
      current.post503 += 1;
      if (!retryAfter) current.post503Bad += 1;
    }
  });
  load.start();

  const outages: Outage[] = [];
  for (let i = 0; i < pgRestarts; i++) {
    await sleep(ctx.random.between(1000, 3000));
    const outage: Outage = { mode: i % 2 === 0 ? 'SIGKILL' : 'immediate', downMs: Math.round(ctx.random.between(1500, 4000)), healthDown: 0, healthDownBad: 0, post503: 0, post503Bad: 0, dbBackMs: -1, liveBackMs: -1 };
    current = outage;
    await ctx.pg.kill(outage.mode);
    const downUntil = Date.now() + outage.downMs;
    while (Date.now() < downUntil) {
      const h = await api.health(2500);
      if (h.status === 0) unreachable += 1;
      else if (h.status === 503 && h.retryAfter && h.db === 'down') outage.healthDown += 1;
      else outage.healthDownBad += 1;
      if (!api.alive) apiExits += 1;
      await sleep(200);
    }
    await ctx.pg.launch();
    const back = ctx.pg.readyAt;
    const deadline = back + 30_000;
    while (Date.now() < deadline && (outage.dbBackMs < 0 || outage.liveBackMs < 0)) {
      const h = await api.health(2000);
      if (h.status === 0) unreachable += 1;
      if (h.status === 200 && h.db === 'up' && outage.dbBackMs < 0) outage.dbBackMs = Date.now() - back;
      if (h.status === 200 && h.db === 'up' && h.live === 'up') outage.liveBackMs = Date.now() - back;
      await sleep(100);
    }
    current = null;
    if (!api.alive) apiExits += 1;
    outages.push(outage);
    ctx.log(
      `  restart ${i + 1}/${pgRestarts} (${outage.mode}): down ${fmtMs(outage.downMs)}, health said down ${outage.healthDown}×, ${outage.post503} reports answered 503; db back in ${fmtMs(outage.dbBackMs)}, live in ${fmtMs(outage.liveBackMs)}`,
    );
  }
  await sleep(1000);
  await load.stop();
  const { checks, figures } = await nothingLost({ databaseUrl: db.url, baseUrl: api.baseUrl, loads: [load], watchers });
  const replayed = watchers.reduce((n, w) => n + w.replayedEvents, 0);
  const reconnects = watchers.reduce((n, w) => n + w.connects - 1, 0);
  for (const w of watchers) w.close();
  await api.stop();

  const slowest = Math.max(0, ...outages.map((o) => (o.liveBackMs < 0 ? Infinity : o.liveBackMs)));
  const sum = (f: (o: Outage) => number) => outages.reduce((n, o) => n + f(o), 0);
  checks.unshift(
    { name: 'the API stayed up (no exit, every request answered)', ok: apiExits === 0 && unreachable === 0 && api.starts === 1, detail: `${apiExits} exits, ${unreachable} requests not answered` },
    {
      name: 'while the database was down: health 503 + Retry-After, db down',
      ok: outages.every((o) => o.healthDown > 0 && o.healthDownBad === 0),
      detail: `${sum((o) => o.healthDown)} health answers said down; ${sum((o) => o.healthDownBad)} did not`,
    },
    {
      name: 'while the database was down: reports answered 503 with Retry-After, never another 5xx',
      ok: load.bad5xx === 0 && outages.every((o) => o.post503Bad === 0),
      detail: `${sum((o) => o.post503)} reports answered 503 during outages; ${load.bad5xx} other 5xx or 503 without Retry-After`,
    },
    {
      name: `recovered by itself within ${RECOVERY_LIMIT_MS / 1000} s, listener included`,
      ok: slowest <= RECOVERY_LIMIT_MS,
      detail: `slowest: ${Number.isFinite(slowest) ? fmtMs(slowest) : 'never'}`,
    },
  );
  const modes = (m: PostgresKill) => outages.filter((o) => o.mode === m).length;
  return {
    name: '2. PostgreSQL restarts',
    injected: `${pgRestarts} × PostgreSQL killed (${modes('SIGKILL')} SIGKILL of every process, ${modes('immediate')} immediate shutdown), down 1.5–4 s, restarted in place, under ${pgRate} reports/s`,
    found: [
      `API: ${apiExits} exits, ${unreachable} requests unanswered; ${sum((o) => o.post503)} reports answered 503 + Retry-After while down, ${load.bad5xx} other 5xx`,
      `health said "db down" (503 + Retry-After) ${sum((o) => o.healthDown)}×, otherwise ${sum((o) => o.healthDownBad)}×`,
      `back after the database returned: db up in ≤ ${fmtMs(Math.max(0, ...outages.map((o) => o.dbBackMs)))}, listener up in ≤ ${Number.isFinite(slowest) ? fmtMs(slowest) : 'never'}`,
      `${load.issued} reports sent (${load.attempts} requests), ${figures.acked} acknowledged (${FIELD_MONITORS} field accounts, ${load.statuses.get(429) ?? 0} × 429); ${load.retriedKeys} needed retries; ${figures.foundOnce} found exactly once, ${figures.missing} missing, ${figures.duplicates} duplicates`,
      `event log ${figures.events} events, ${figures.gaps} gaps; audit ${figures.auditEntries} entries verified`,
      `${watchers.length} dashboards: ${reconnects} reconnections, ${replayed} events replayed, ${figures.clientEvents} held; ${figures.clientMissing} missing, ${figures.clientDuplicates} duplicates, ${figures.clientDisorder} out of order`,
    ],
    checks,
    durationMs: Date.now() - started,
  };
}
