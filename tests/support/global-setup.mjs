// @ts-check
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { TEMPLATE_DB, withDatabase } from './test-database.mjs';

/**
 * Starts one real PostgreSQL for the whole run (the embedded one, unless
 * TEST_DATABASE_URL names a server) and migrates a template database. Each
 * test file then gets a fresh database copied from the template, so files run
 * in parallel without seeing each other's rows.
 *
 * Jest loads global setup outside its ESM transform, so this file is plain
 * JavaScript and uses the compiled API (`npm test` builds it first).
 */
export default async function globalSetup() {
  const api = (/** @type {string} */ path) => import(new URL(`../../dist/apps/api/${path}`, import.meta.url).href);
  const { startEmbeddedPostgres } = await api('database/embedded-postgres.js');
  const { dataSourceOptions } = await api('database/data-source-options.js');

  /** @type {string} */
  let serverUrl = process.env.TEST_DATABASE_URL ?? '';
  if (!serverUrl) {
    const dataDir = await mkdtemp(join(tmpdir(), 'truce-test-pg-'));
    // mkdtemp makes it private; as root, PostgreSQL runs as `postgres` and must be able to enter it.
    await chmod(dataDir, 0o755);
    const running = await startEmbeddedPostgres({ dataDir, ephemeral: true });
    /** @type {Record<string, unknown>} */ (globalThis).__TRUCE_TEST_PG__ = running;
    serverUrl = running.url;
  }
  process.env.TRUCE_TEST_SERVER_URL = serverUrl;

  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();

  const dataSource = new DataSource(dataSourceOptions(withDatabase(serverUrl, TEMPLATE_DB)));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
}
