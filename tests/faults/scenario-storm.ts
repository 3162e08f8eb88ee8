import { nothingLost } from './checks.js';
import { Load, ROLES, Watcher, fieldSetup } from './clients.js';
import type { Context } from './context.js';
import type { ScenarioResult } from './report.js';
import { fmtMs, percentile, pool, sleep, until } from './util.js';

/**
 * 3. Many dashboards connected, each tracking its last seq; the API restarts
 * (kill -9, then a graceful SIGTERM); every one reconnects on its own back-off
 * with jitter and replays from its last seq while reports keep coming.
 */
export async function stormScenario(ctx: Context): Promise<ScenarioResult> {
  const started = Date.now();
  const { stormClients, stormRestarts, stormRate } = ctx.counts;
  const { db, api, sessions, monitors, agreement } = await fieldSetup(ctx, 'storm');

  const watchers: Watcher[] = [];
  const connectStarted = Date.now();
  await pool(stormClients, 50, async (i) => {
    const role = ROLES[i % ROLES.length]!;
    const w = new Watcher(api.baseUrl, role, sessions[role].token);
    watchers.push(w);
    await until(() => w.startSeq !== null, 30_000, 20);
  });
  const connectMs = Date.now() - connectStarted;
  const allIn = watchers.every((w) => w.startSeq !== null);
  ctx.log(`  ${watchers.length} dashboards connected in ${fmtMs(connectMs)}`);

  const load = new Load(api.baseUrl, monitors, agreement, stormRate, ctx.random);
  load.start();
  const reconnectMs: number[] = [];
  let notBack = 0;
  let replayedAfterRestarts = 0;
  const rssAfter: number[] = [];
  const stops: string[] = [];
  const uncleanStops: string[] = [];
  for (let r = 0; r < stormRestarts; r++) {
    await sleep(2000);
    const graceful = r % 2 === 1;
    const replayedBefore = watchers.reduce((n, w) => n + w.replayedEvents, 0);
    const down = Date.now();
    if (graceful) {
      await api.stop();
      stops.push(`SIGTERM → exit ${api.lastStop?.code ?? api.lastStop?.signal} in ${fmtMs(api.lastStop?.ms ?? 0)}`);
      if (api.lastStop?.code !== 0) uncleanStops.push(stops.at(-1)!);
    } else await api.crash();
    await api.start();
    const back = Date.now();
    const everyone = await until(() => watchers.every((w) => w.lastReplayAt > down), 60_000, 50);
    const these = watchers.filter((w) => w.lastReplayAt > down).map((w) => w.lastReplayAt - back);
    reconnectMs.push(...these);
    notBack += watchers.filter((w) => w.lastReplayAt <= down).length;
    replayedAfterRestarts += watchers.reduce((n, w) => n + w.replayedEvents, 0) - replayedBefore;
    rssAfter.push(await api.rss());
    ctx.log(
      `  restart ${r + 1}/${stormRestarts} (${graceful ? 'SIGTERM' : 'kill -9'}): API back in ${fmtMs(back - down)}; ${everyone ? 'all' : 'NOT all'} dashboards back within ${fmtMs(Math.max(0, ...these))} of it`,
    );
  }
  await sleep(1000);
  await load.stop();
  const { checks, figures } = await nothingLost({
    databaseUrl: db.url,
    baseUrl: api.baseUrl,
    loads: [load],
    watchers,
    catchUpMs: 60_000,
  });
  for (const w of watchers) w.close();
  await api.stop();

  checks.unshift(
    { name: 'every dashboard connected', ok: allIn, detail: `${watchers.filter((w) => w.startSeq !== null).length}/${stormClients} in ${fmtMs(connectMs)}` },
    { name: 'every dashboard reconnected after every restart', ok: notBack === 0, detail: `${notBack} reconnections missing` },
    { name: 'a graceful stop (SIGTERM) under the storm ends cleanly (exit 0)', ok: uncleanStops.length === 0, detail: stops.join(', ') || 'no graceful stop in this run' },
    { name: 'no token refused on reconnection', ok: watchers.every((w) => w.authRefusals === 0), detail: `${watchers.reduce((n, w) => n + w.authRefusals, 0)} refusals` },
  );
  return {
    name: '3. Reconnect storm',
    injected: `${stormClients} dashboards (7 roles) connected; the API restarted ${stormRestarts}× (kill -9${stormRestarts > 1 ? ', SIGTERM' : ''}) under ${stormRate} reports/s`,
    found: [
      `${stormClients - notBack / Math.max(1, stormRestarts)} of ${stormClients} back after each restart; from the API healthy to a client replayed: median ${fmtMs(percentile(reconnectMs, 50))}, p95 ${fmtMs(percentile(reconnectMs, 95))}, max ${fmtMs(Math.max(0, ...reconnectMs))}`,
      `${replayedAfterRestarts} events replayed on reconnection, ${figures.clientEvents} held in all; ${figures.clientMissing} missing, ${figures.clientDuplicates} duplicates, ${figures.clientDisorder} out of order, ${figures.clientForeign} not theirs`,
      `${figures.acked} reports acknowledged, ${figures.foundOnce} found once, ${figures.duplicates} duplicates; event log ${figures.events} events, ${figures.gaps} gaps; audit ${figures.auditEntries} verified`,
      `API RSS after the storm: ${rssAfter.map((b) => `${Math.round(b / 1048576)} MB`).join(', ')}${stops.length ? `; graceful stop: ${stops.join(', ')}` : ''}`,
    ],
    checks,
    durationMs: Date.now() - started,
  };
}
