import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import request from 'supertest';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LoginResponse, ServerToClientEvents } from '@truce-monitor/domain';
import { loadConfig } from '../../apps/api/src/config/config.js';
import { createApp } from '../../apps/api/src/create-app.js';
import { TEMPLATE_DB, withDatabase } from './test-database.mjs';

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestApp {
  app: NestExpressApplication;
  baseUrl: string;
  databaseUrl: string;
  jwtSecret: string;
  http: ReturnType<typeof request>;
  /** A direct connection to this test's database, for assertions on stored rows. */
  db: pg.Pool;
  login(username: string): Promise<LoginResponse>;
  liveClient(token: string, auth?: Record<string, unknown>): LiveClient;
  close(): Promise<void>;
}

export const DEMO_PASSWORD = 'truce-demo-test';

/** A fresh database (copied from the migrated template) for one test file. */
export async function createTestDatabase(): Promise<string> {
  const server = process.env.TRUCE_TEST_SERVER_URL;
  if (!server) throw new Error('the Jest global setup did not run (TRUCE_TEST_SERVER_URL is unset)');
  const name = `truce_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  await admin.end();
  return withDatabase(server, name);
}

/** The real API (real PostgreSQL, real HTTP, real socket.io) listening on a free port. */
export async function startTestApp(
  options: { databaseUrl?: string; jwtSecret?: string; settings?: Record<string, string> } = {},
): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEMO_PASSWORD,
    PORT: '0',
    LIVE_SESSION_CHECK_SECONDS: '1',
    // The fuzz and concurrency tests write far faster than any person would.
    WRITES_PER_MINUTE: '1000000',
    ...options.settings,
  });
  // Instances that share a database share the signing key too, as in the scale-out shape.
  const jwtSecret = options.jwtSecret ?? randomBytes(32).toString('hex');
  const { app } = await createApp({
    ...config,
    databaseUrl,
    jwtSecret,
    embeddedDatabase: false,
    // No dashboard unless a test asks for one (the API tests do not need the built front end).
    DASHBOARD_DIR: options.settings?.DASHBOARD_DIR ?? '/nonexistent',
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const db = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  const sockets: LiveClient[] = [];
  const tokens = new Map<string, LoginResponse>();
  return {
    app,
    baseUrl,
    databaseUrl,
    jwtSecret,
    http: request(baseUrl),
    db,
    async login(username) {
      const cached = tokens.get(username);
      if (cached) return cached;
      const res = await request(baseUrl).post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(username, res.body as LoginResponse);
      return res.body as LoginResponse;
    },
    liveClient(token, auth = {}) {
      const socket: LiveClient = io(`${baseUrl}/live`, {
        auth: { token, ...auth },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      return socket;
    },
    async close() {
      for (const s of sockets) s.disconnect();
      await app.close();
      await db.end();
    },
  };
}

/** Connects and resolves once the server has said where the socket starts (`live.replayed`). */
/** `Authorization` header values for these demo accounts, signed in one after another. */
export async function bearers(t: TestApp, usernames: readonly string[]): Promise<Record<string, string>> {
  const auth: Record<string, string> = {};
  for (const u of usernames) auth[u] = `Bearer ${(await t.login(u)).accessToken}`;
  return auth;
}

export async function connected(socket: LiveClient): Promise<{ after: number; count: number; lastSeq: number }> {
  return new Promise((resolve, reject) => {
    socket.once('live.replayed', resolve);
    socket.once('connect_error', reject);
  });
}

/** Collects every event a socket receives, in arrival order. */
export function recorder(socket: LiveClient) {
  const events: { type: string; seq?: number; data?: unknown }[] = [];
  socket.onAny((type: string, payload: { seq?: number; data?: unknown }) => events.push({ type, ...payload }));
  return {
    events,
    of: (type: string) => events.filter((e) => e.type === type),
    async until(predicate: () => boolean, ms = 5000) {
      const deadline = Date.now() + ms;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`timed out; received ${events.map((e) => e.type).join(', ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
