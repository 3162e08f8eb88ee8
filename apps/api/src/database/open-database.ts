import { join, resolve } from 'node:path';
import type { AppConfig } from '../config/config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface OpenDatabase {
  url: string;
  embedded: boolean;
  /** Where the embedded database keeps its data; null with DATABASE_URL. */
  dataDir: string | null;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL with its data in TRUCE_DATA_DIR. */
export async function openDatabase(config: AppConfig, say: (line: string) => void = console.log): Promise<OpenDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, dataDir: null, stop: async () => undefined };
  const dataDir = join(resolve(config.TRUCE_DATA_DIR), 'postgres');
  say(`Starting the embedded PostgreSQL (data in ${dataDir}) …`);
  const running = await startEmbeddedPostgres({
    dataDir,
    log: (line) => process.env.TRUCE_DEBUG_PG && console.log(`[postgres] ${line}`),
    notice: (line) => say(`  ${line}`),
  });
  return { url: running.url, embedded: true, dataDir: running.dataDir, stop: () => running.stop() };
}
