// @ts-check
/** `npm run db:reset`: deletes the embedded PostgreSQL's data folder; the next `npm start` seeds afresh. */
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

if (process.env.DATABASE_URL) {
  console.error('DATABASE_URL is set: db:reset only resets the embedded database. Drop that database yourself.');
  process.exit(1);
}
const dir = resolve(join(process.env.TRUCE_DATA_DIR || '.data', 'postgres'));
await rm(dir, { recursive: true, force: true });
console.log(`Removed ${dir}. The next npm start creates and seeds a new database.`);
