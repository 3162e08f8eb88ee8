import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Counts, BOUNDED, Context, FULL } from './context.js';
import { Postgres } from './postgres.js';
import { type ScenarioResult, failures, passed, table, writeJestJson } from './report.js';
import { crashScenario } from './scenario-crash.js';
import { postgresScenario } from './scenario-postgres.js';
import { stormScenario } from './scenario-storm.js';
import { racesScenario } from './scenario-races.js';
import { tamperScenario } from './scenario-tamper.js';
import { attackScenario } from './scenario-attacks.js';
import { REPO, Random } from './util.js';

type Scenario = (ctx: Context) => Promise<ScenarioResult>;

const SCENARIOS: { id: string; title: string; run: Scenario }[] = [
  { id: 'crash', title: '1. API crashes', run: crashScenario },
  { id: 'postgres', title: '2. PostgreSQL restarts', run: postgresScenario },
  { id: 'storm', title: '3. Reconnect storm', run: stormScenario },
  { id: 'races', title: '4. Races', run: racesScenario },
  { id: 'tamper', title: '5. Tamper trials', run: tamperScenario },
  { id: 'attacks', title: '6. Attacks', run: attackScenario },
];

interface Options {
  full: boolean;
  seed: number;
  only: string[] | null;
  json: string | null;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { full: false, seed: Date.now() % 2 ** 31, only: null, json: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--full') options.full = true;
    else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--only') options.only = value().split(',');
    else if (arg === '--json') options.json = value();
    else if (arg === '--help') {
      console.log('npm run test:faults [-- --full] [--seed N] [--only crash,postgres,storm,races,tamper,attacks] [--json results.json]');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  return options;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const counts: Counts = options.full ? FULL : BOUNDED;
  const logDir = join(REPO, 'dist', 'faults-logs', new Date().toISOString().replace(/[:.]/g, '-'));
  await mkdir(logDir, { recursive: true });
  const log = (line: string) => console.log(line);
  log(`Fault run (${options.full ? 'full' : 'bounded'} counts), seed ${options.seed}; logs in ${logDir}`);

  const pg = await Postgres.start(join(logDir, 'postgres.log'));
  const ctx = new Context(pg, counts, new Random(options.seed), logDir, log);
  const onSignal = (signal: string) => {
    console.error(`\n${signal}: stopping the API and PostgreSQL`);
    ctx.killAllSync();
    process.exit(130);
  };
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('exit', () => ctx.killAllSync());

  const results: ScenarioResult[] = [];
  try {
    for (const scenario of SCENARIOS) {
      if (options.only && !options.only.includes(scenario.id)) continue;
      log(`\n— ${scenario.title}`);
      const started = Date.now();
      let result: ScenarioResult;
      try {
        result = await scenario.run(ctx);
      } catch (error) {
        result = {
          name: scenario.title,
          injected: '(the scenario stopped)',
          found: [],
          checks: [{ name: 'the scenario ran to the end', ok: false, detail: error instanceof Error ? (error.stack ?? error.message) : String(error) }],
          durationMs: Date.now() - started,
        };
      } finally {
        await ctx.stopProducts();
      }
      results.push(result);
      log(`  ${passed(result) ? 'pass' : 'FAIL'} in ${(result.durationMs / 1000).toFixed(0)} s`);
    }
  } finally {
    await ctx.stopProducts();
    await pg.stop();
  }

  log(`\n${table(results)}\n`);
  const failed = failures(results);
  if (failed.length) {
    log('Broken invariants:');
    for (const f of failed) log(`  ✗ ${f}`);
  }
  const checks = results.flatMap((r) => r.checks);
  log(`${checks.filter((c) => c.ok).length} invariants held, ${checks.filter((c) => !c.ok).length} broken (seed ${options.seed})`);
  if (options.json) await writeJestJson(options.json, results);
  return failed.length === 0 && results.every(passed) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(2);
  },
);
