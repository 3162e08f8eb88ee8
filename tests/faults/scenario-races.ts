import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Context } from './context.js';
import type { ScenarioResult } from './report.js';
import { REPO } from './util.js';

const run = promisify(execFile);

interface JestJson {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { status: string; message: string; assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
}

/**
 * 4. Races, explored with fast-check's scheduler. They are Jest tests
 * (tests/api/races.spec.ts, also part of `npm test`) on the API in-process
 * against a real PostgreSQL; here they run with this run's number of runs and
 * report which serial orders the interleavings landed on.
 */
export async function racesScenario(ctx: Context): Promise<ScenarioResult> {
  const started = Date.now();
  const runs = ctx.counts.raceRuns;
  const out = join(ctx.logDir, 'races.json');
  const summary = join(ctx.logDir, 'races-summary.json');
  await rm(out, { force: true });
  const jest = await run(
    process.execPath,
    ['--experimental-vm-modules', join(REPO, 'node_modules/jest/bin/jest.js'), 'tests/api/races.spec.ts', '--ci', '--json', `--outputFile=${out}`, '--seed', String(ctx.random.seed)],
    { cwd: REPO, env: { ...process.env, RACE_RUNS: String(runs), RACE_SUMMARY: summary }, maxBuffer: 64 * 1024 * 1024 },
  ).then(
    () => null,
    (e: { stderr?: string }) => e.stderr ?? 'jest failed',
  );
  const results = JSON.parse(await readFile(out, 'utf8').catch(() => 'null')) as JestJson | null;
  const explored = JSON.parse(await readFile(summary, 'utf8').catch(() => 'null')) as { explored: Record<string, Record<string, number>> } | null;
  const checks = results
    ? results.testResults.flatMap((r) =>
        r.assertionResults.length
          ? r.assertionResults.map((a) => ({ name: a.title, ok: a.status === 'passed', detail: a.failureMessages.join('\n').slice(0, 2000) || `${runs} runs` }))
          : [{ name: 'races.spec.ts loaded', ok: false, detail: r.message.slice(0, 2000) }],
      )
    : [{ name: 'races.spec.ts ran', ok: false, detail: (jest ?? 'no results').slice(-2000) }];
  const e = explored?.explored ?? {};
  const list = (r: Record<string, number> | undefined) =>
    Object.entries(r ?? {})
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}×`)
      .join(', ');
  return {
    name: '4. Races',
    injected: `fast-check scheduler, ${runs} runs each: 2–5 submissions with one key (two bodies); review vs answer vs cross-confirmation; a linked designation vs a filing and a correction`,
    found: [
      `one key: answers ${list(e.key)}; always one report, one event, one audit entry`,
      `commit orders seen (review/answer/confirm): ${Object.keys(e.lifecycle ?? {}).length} distinct — every change kept, each answer = its serial state`,
      `designation race: ${list(e.designation)} — each classified by the registry its commit order saw`,
    ],
    checks,
    durationMs: Date.now() - started,
  };
}
