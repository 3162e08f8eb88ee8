import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { createTestDatabase } from '../support/test-app.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Runs the built API (`dist/apps/api/main.js`) with the given environment until it exits or `ms` pass. */
function runProduct(env: Record<string, string>, ms = 30_000): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve('dist/apps/api/main.js')], {
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error', HOST: '127.0.0.1', JWT_SECRET: 'x'.repeat(40), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

describe('start-up: bad settings and an unusable environment stop the start with a clear message', () => {
  it('names the variable with a bad value and exits non-zero', async () => {
    const { code, output } = await runProduct({ PORT: 'eighty', DATABASE_URL: 'mysql://nope' });
    expect(code).toBe(2);
    expect(output).toMatch(/PORT:/);
    expect(output).toMatch(/DATABASE_URL: must be a postgres/);
    expect(output).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('says the port is in use and exits non-zero', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, output } = await runProduct({ PORT: String(port), DATABASE_URL: await createTestDatabase() });
      expect(code).toBe(1);
      expect(output).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('says the data folder cannot be written and exits non-zero', async () => {
    const { code, output } = await runProduct({ TRUCE_DATA_DIR: '/proc/version/data', DATABASE_URL: '', JWT_SECRET: '' });
    expect(code).toBe(1);
    expect(output).toMatch(/data folder .* cannot be written/);
  });
});

describe('health reports the database down while it is, and recovers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('goes 503 {db: down} when the database refuses connections, then 200 when it is back', async () => {
    const database = new URL(t.databaseUrl).pathname.slice(1);
    const admin = new (await import('pg')).default.Client({ connectionString: process.env.TRUCE_TEST_SERVER_URL });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
      const down = await t.http.get('/api/health');
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: 'degraded', db: 'down' });
      expect(down.headers['retry-after']).toBeDefined();
    } finally {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    const up = await t.http.get('/api/health');
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ db: 'up' });
  });
});
