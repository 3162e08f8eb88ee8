import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO, sleep } from './util.js';

export const DEMO_PASSWORD = 'truce-faults-demo';

export interface Health {
  status: number;
  retryAfter: string | null;
  db?: string;
  live?: string;
}

/**
 * The real built product, `node dist/apps/api/main.js`, as a child process on
 * a fixed port (clients reconnect to the same address after a restart) and a
 * fixed signing key (tokens stay valid across restarts, as with JWT_SECRET in production).
 */
export class Product {
  private child: ChildProcess | null = null;
  private readonly log: WriteStream;
  private tail: string[] = [];
  starts = 0;
  /** How the last stop went: exit code (1 = the API's own 15 s shutdown timeout fired) and time taken. */
  lastStop: { code: number | null; signal: string | null; ms: number } | null = null;
  /** Lines the API logged at level error (pino level 50) or above. */
  errorLines = 0;
  readonly baseUrl: string;

  private constructor(
    readonly port: number,
    readonly databaseUrl: string,
    readonly jwtSecret: string,
    private readonly logFile: string,
    private readonly extraEnv: Record<string, string>,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.log = createWriteStream(logFile, { flags: 'a' });
  }

  static async create(databaseUrl: string, jwtSecret: string, logFile: string, extraEnv: Record<string, string> = {}): Promise<Product> {
    return new Product(await freePort(), databaseUrl, jwtSecret, logFile, extraEnv);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the API and waits until /api/health says the database and the listener are up. */
  async start(timeoutMs = 60_000): Promise<number> {
    const startedAt = Date.now();
    this.starts += 1;
    this.log.write(`\n===== start #${this.starts} at ${new Date().toISOString()} =====\n`);
    const child = spawn(process.execPath, [join(REPO, 'dist/apps/api/main.js')], {
      cwd: REPO,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: this.databaseUrl,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DEMO_PASSWORD,
        JWT_SECRET: this.jwtSecret,
        LOG_LEVEL: 'warn',
        ...this.extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const take = (chunk: Buffer) => {
      this.log.write(chunk);
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        if (/"level":(50|60)/.test(line)) this.errorLines += 1;
        this.tail.push(line);
        if (this.tail.length > 60) this.tail.shift();
      }
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    const deadline = startedAt + timeoutMs;
    for (;;) {
      if (!this.alive) throw new Error(`the API exited while starting (${child.exitCode ?? child.signalCode}):\n${this.tail.slice(-20).join('\n')}`);
      const h = await this.health(1000);
      if (h.status === 200 && h.db === 'up' && h.live === 'up') return Date.now() - startedAt;
      if (Date.now() > deadline) throw new Error(`the API was not healthy within ${timeoutMs} ms:\n${this.tail.slice(-20).join('\n')}`);
      await sleep(50);
    }
  }

  async health(timeoutMs = 3000): Promise<Health> {
    try {
      const res = await fetch(`${this.baseUrl}/api/health`, { signal: AbortSignal.timeout(timeoutMs) });
      const body = (await res.json().catch(() => ({}))) as { db?: string; live?: string };
      return { status: res.status, retryAfter: res.headers.get('retry-after'), db: body.db, live: body.live };
    } catch {
      return { status: 0, retryAfter: null };
    }
  }

  /** kill -9: no shutdown hooks, open transactions die with their connections. */
  async crash(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** A graceful stop (SIGTERM: the API closes its sockets and connections). */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    const t0 = Date.now();
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill(signal);
    const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(force);
    this.lastStop = { code: child.exitCode, signal: child.signalCode, ms: Date.now() - t0 };
    this.child = null;
  }

  /** Resident memory of the API process, from /proc. */
  async rss(): Promise<number> {
    const pid = this.child?.pid;
    if (!pid) return 0;
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  }

  lastLines(n = 20): string {
    return this.tail.slice(-n).join('\n');
  }

  killSync(): void {
    if (this.alive) this.child?.kill('SIGKILL');
  }

  close(): void {
    this.log.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? ok(a.port) : fail(new Error('no port'))));
    });
  });
}
