import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/config.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { openDatabase } from '../database/open-database.js';
import { AuditService } from './audit.service.js';

/**
 * `npm run audit:verify`: checks the whole audit chain of the configured
 * database (DATABASE_URL, or the embedded one), then every report against the
 * state the chain sealed for it, and names the first entry that does not match. Exit 0 when the chain holds, 1 when it does not, 2 on a bad setting.
 */
async function main(): Promise<number> {
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
  try {
    await dataSource.initialize();
    const result = await new AuditService(dataSource).verify();
    if (result.ok) {
      console.log(`Audit chain verified: ${result.checked} entries, last hash ${result.lastHash}; ${result.reportsChecked} reports match their sealed state.`);
      return 0;
    }
    const where = result.firstBad.id === null ? `report ${result.firstBad.incidentId}` : `entry ${result.firstBad.id}`;
    console.log(`Audit chain BROKEN at ${where}: ${result.firstBad.problem}. (${result.checked} entries checked.)`);
    return 1;
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
