import { nothingLost } from './checks.js';
import { FIELD_MONITORS, Load, ROLES, Watcher, fieldSetup } from './clients.js';
import type { Context } from './context.js';
import type { ScenarioResult } from './report.js';
import { fmtMs, percentile, sleep } from './util.js';

/**
 * 1. kill -9 the API at random moments under a steady stream of reports from
 * clients that retry with the same key; restart it on the same database each
 * time. Dashboards of every role stay connected (and reconnect) throughout.
 */
export async function crashScenario(ctx: Context): Promise<ScenarioResult> {
  const started = Date.now();
  const { crashes, crashRate } = ctx.counts;
  const { db, api, sessions, monitors, agreement } = await fieldSetup(ctx, 'crash');
  const watchers = ROLES.map((role) => new Watcher(api.baseUrl, role, sessions[role].token));
  const load = new Load(api.baseUrl, monitors, agreement, crashRate, ctx.random);
  load.start();

  const restartTimes: number[] = [];
  const inFlightAtKill: number[] = [];
  for (let i = 0; i < crashes; i++) {
    await sleep(ctx.random.between(500, 3000));
    inFlightAtKill.push(load.inFlight);
    await api.crash();
    restartTimes.push(await api.start());
    ctx.log(`  crash ${i + 1}/${crashes}: ${inFlightAtKill.at(-1)} requests in flight; back in ${fmtMs(restartTimes.at(-1)!)}`);
  }
  await sleep(1000);
  await load.stop();
  const { checks, figures } = await nothingLost({ databaseUrl: db.url, baseUrl: api.baseUrl, loads: [load], watchers });
  const reconnects = watchers.reduce((n, w) => n + w.connects - 1, 0);
  const replayed = watchers.reduce((n, w) => n + w.replayedEvents, 0);
  for (const w of watchers) w.close();
  await api.stop();
  const elapsed = (Date.now() - started) / 1000;

  checks.push({ name: 'the API came back after every kill', ok: restartTimes.length === crashes, detail: `${restartTimes.length}/${crashes}` });
  return {
    name: '1. API crashes',
    injected: `${crashes} × kill -9 of the API at random moments (0.5–3 s apart), restarted each time, under ${crashRate} reports/s`,
    found: [
      `${load.issued} reports sent (${load.attempts} requests), ${figures.acked} acknowledged (${FIELD_MONITORS} field accounts, ${load.statuses.get(429) ?? 0} × 429); ${load.retriedKeys} needed retries, ${load.resent} re-sent after their 2xx (${load.resentMatching} replayed the same report)`,
      `${figures.foundOnce} found exactly once, ${figures.missing} missing, ${figures.duplicates} duplicates; ${load.refused.size} refused`,
      `requests in flight at each kill: median ${percentile(inFlightAtKill, 50)}, max ${Math.max(0, ...inFlightAtKill)}; restart to healthy: median ${fmtMs(percentile(restartTimes, 50))}, max ${fmtMs(Math.max(0, ...restartTimes))}`,
      `event log ${figures.events} events, ${figures.gaps} gaps; audit ${figures.auditEntries} entries verified`,
      `${watchers.length} dashboards: ${reconnects} reconnections, ${replayed} events replayed, ${figures.clientEvents} held; ${figures.clientMissing} missing, ${figures.clientDuplicates} duplicates, ${figures.clientDisorder} out of order`,
      `${(figures.acked / elapsed).toFixed(1)} acknowledged reports/s over the scenario`,
    ],
    checks,
    durationMs: Date.now() - started,
  };
}
