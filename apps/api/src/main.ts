import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import type { RuntimeConfig } from './config/runtime-config.js';
import { EmbeddedPostgresError } from './database/embedded-postgres.js';
import { type OpenDatabase, openDatabase } from './database/open-database.js';

/**
 * Starts the whole product on one port: the embedded PostgreSQL when no
 * DATABASE_URL is set, the migrations and the seed, the API, the live gateway
 * and the built dashboard. Every failure a user can cause or fix ends with a
 * message that says what to do, and a non-zero exit.
 */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 2);
    throw error;
  }
  const dataDir = resolve(config.TRUCE_DATA_DIR);
  let database: OpenDatabase | null = null;
  const stopDatabase = async () => {
    const db = database;
    database = null;
    await db?.stop().catch(() => undefined);
  };

  try {
    database = await openDatabase(config);
    const runtime: RuntimeConfig = {
      ...config,
      databaseUrl: database.url,
      jwtSecret: config.JWT_SECRET ?? (await localSecret(dataDir)),
      embeddedDatabase: database.embedded,
    };
    const { createApp } = await import('./create-app.js');
    const { app, demoAccounts } = await createApp(runtime);

    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      console.log(`\n${signal}: stopping …`);
      const force = setTimeout(() => process.exit(1), 15_000);
      force.unref();
      // server.close() waits for every keep-alive connection, and a client that keeps sending keeps its
      // connection busy for ever: close each one as soon as its current answer has gone.
      const server = app.getHttpServer() as Server;
      const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
      await app.close().catch(() => undefined);
      clearInterval(closeIdle);
      await stopDatabase();
      console.log('Stopped cleanly.');
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));

    try {
      await app.listen(config.PORT, config.HOST);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      await app.close().catch(() => undefined);
      if (code === 'EADDRINUSE') throw new StartError(`Port ${config.PORT} on ${config.HOST} is already in use. Stop what uses it, or set PORT to another port.`);
      if (code === 'EACCES') throw new StartError(`Not allowed to listen on port ${config.PORT}. Use a port above 1023 (PORT=3000).`);
      throw error;
    }
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    const url = `http://${host}:${config.PORT}`;
    console.log(`\nTruce Monitor is running: ${url}`);
    console.log(`  API docs: ${url}/api/health · live events: socket.io namespace /live`);
    console.log(`  Database: ${database.embedded ? `embedded PostgreSQL (${database.dataDir})` : 'DATABASE_URL'}`);
    if (demoAccounts.length) {
      console.log(`  Demo accounts (password: ${config.DEMO_PASSWORD === 'truce-demo' ? 'truce-demo' : 'the DEMO_PASSWORD you set'}):`);
      for (const a of demoAccounts) console.log(`    ${a.username.padEnd(11)} ${a.role}${a.guarantor ? ` (${a.guarantor})` : ''}`);
    }
    console.log('Press Ctrl-C to stop.');
  } catch (error) {
    await stopDatabase();
    if (error instanceof StartError || error instanceof EmbeddedPostgresError) fail(error.message, 1);
    fail(`Truce Monitor could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, 1);
  }
}

class StartError extends Error {}

/** A signing key made once per data folder, so tokens survive restarts without configuration. */
async function localSecret(dataDir: string): Promise<string> {
  const file = join(dataDir, 'jwt-secret');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing && existing.trim().length >= 32) return existing.trim();
  const secret = randomBytes(48).toString('base64url');
  try {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, secret, { mode: 0o600 });
  } catch (error) {
    throw new StartError(`The data folder ${dataDir} cannot be written (${(error as NodeJS.ErrnoException).code}). Set TRUCE_DATA_DIR to a writable folder.`);
  }
  return secret;
}

function fail(message: string, code: number): never {
  console.error(`\n${message}\n`);
  process.exit(code);
}

void main();
