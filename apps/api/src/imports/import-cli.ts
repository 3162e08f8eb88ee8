import cliProgress from 'cli-progress';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/config.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { openDatabase } from '../database/open-database.js';
import { type ActorMapping, MappingError, SYRIA_ACTOR_MAPPING, actorMappingSchema } from './actor-mapping.js';
import { ImportRefused, type ImportSummary, Importer } from './importer.js';
import type { SourceSystem } from './source-formats.js';

const USAGE = `Usage: npm run import -- --format acled|ucdp FILE [--mapping FILE] [--strict] [--agreement ID]
       npm run import -- --print-mapping        (the default Syria mapping, as JSON to edit)

Loads an ACLED or UCDP GED CSV file as reports into the database (DATABASE_URL, or the embedded one).
Rows already imported (same source id) are left as they are. Rows that cannot be read are reported
with their line number and skipped; with --strict, any such row refuses the whole file.
Exit status: 0 imported, 1 refused or failed, 2 bad usage.`;

/** `npm run import`: see USAGE. */
async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        mapping: { type: 'string' },
        strict: { type: 'boolean', default: false },
        agreement: { type: 'string' },
        'print-mapping': { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values['print-mapping']) {
    console.log(JSON.stringify(SYRIA_ACTOR_MAPPING, null, 2));
    return 0;
  }
  if (values.format !== 'acled' && values.format !== 'ucdp') {
    console.error(`--format must be acled or ucdp.\n\n${USAGE}`);
    return 2;
  }
  if (positionals.length !== 1) {
    console.error(`Name one CSV file to import.\n\n${USAGE}`);
    return 2;
  }
  let mapping: ActorMapping = SYRIA_ACTOR_MAPPING;
  if (values.mapping) {
    try {
      const parsed = actorMappingSchema.safeParse(JSON.parse(await readFile(values.mapping, 'utf8')));
      if (!parsed.success) {
        console.error(`The mapping ${values.mapping} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
        return 2;
      }
      mapping = parsed.data;
    } catch (error) {
      console.error(`The mapping ${values.mapping} cannot be read: ${(error as Error).message}`);
      return 2;
    }
  }

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const database = await openDatabase(config, (line) => console.error(line));
  const dataSource = new DataSource(dataSourceOptions(database.url));
  const bar = new cliProgress.SingleBar(
    { format: 'importing |{bar}| {percentage}% · {rows} rows · {eta_formatted} left', stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  const showBar = !values.quiet && process.stderr.isTTY;
  try {
    await dataSource.initialize();
    await dataSource.query("SELECT pg_advisory_lock(hashtext('truce-monitor:migrations'))");
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query("SELECT pg_advisory_unlock(hashtext('truce-monitor:migrations'))");
    let started = false;
    const summary = await new Importer(dataSource).run({
      format: values.format as SourceSystem,
      file: positionals[0]!,
      mapping,
      strict: values.strict,
      ...(values.agreement ? { agreementId: values.agreement } : {}),
      progress: (bytes, total, rows) => {
        if (!showBar) return;
        if (!started) bar.start(total, 0, { rows: 0 });
        started = true;
        bar.update(bytes, { rows });
      },
    });
    if (started) bar.stop();
    printSummary(summary);
    return summary.refused ? 1 : 0;
  } catch (error) {
    bar.stop();
    if (error instanceof ImportRefused || error instanceof MappingError) {
      console.error(`Import refused, nothing written: ${error.message}`);
      return 1;
    }
    console.error(`Import failed, nothing written: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await database.stop();
  }
}

function printSummary(s: ImportSummary): void {
  const out = (line = '') => console.log(line);
  out(`${s.format.toUpperCase()} ${s.file} (sha256 ${s.fileSha256})`);
  out(`  rows read        ${s.rows}`);
  if (s.refused) {
    out(`  REFUSED (--strict): ${s.skipped} row(s) cannot be imported; nothing was written.`);
  } else {
    out(`  imported         ${s.inserted}`);
    out(`  already present  ${s.alreadyPresent}`);
    out(`  skipped          ${s.skipped}`);
    out(`  outcomes         ${Object.entries(s.byOutcome).sort(([, a], [, b]) => b - a).map(([o, n]) => `${o} ${n}`).join(', ') || '—'}`);
  }
  if (s.outsideActors.length) {
    out(`  actors outside the agreement (${s.outsideActors.length}): ${s.outsideActors.slice(0, 10).map((a) => `${a.name} (${a.rows})`).join(', ')}${s.outsideActors.length > 10 ? ', …' : ''}`);
  }
  if (s.problems.length) {
    out(`  problems${s.problems.length > 50 ? ` (first 50 of ${s.problems.length})` : ''}:`);
    for (const p of s.problems.slice(0, 50)) out(`    line ${p.line}: ${p.reason}`);
  }
  out(`  in ${s.seconds.toFixed(1)} s (${Math.round(s.rows / Math.max(s.seconds, 0.001))} rows/s)`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
