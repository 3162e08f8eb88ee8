// @ts-check
/**
 * `npm start`: builds what changed (Nx caches the rest), then runs the built
 * API in this process; the API starts the embedded PostgreSQL unless
 * DATABASE_URL is set, and serves the dashboard on the same port.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const skipBuild = process.argv.includes('--no-build');
if (!skipBuild) {
  console.log('Building the API and the dashboard (cached after the first time) …');
  const build = spawnSync(
    process.execPath,
    ['node_modules/nx/dist/bin/nx.js', 'run-many', '-t', 'build', '--projects=domain,api,dashboard', '--output-style=static'],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } },
  );
  if (build.status !== 0) {
    console.error('\nThe build failed (see above). Nothing was started.');
    process.exit(build.status ?? 1);
  }
}
if (!existsSync('dist/apps/api/main.js')) {
  console.error('dist/apps/api/main.js is missing: run `npm start` without --no-build first.');
  process.exit(1);
}
await import('../dist/apps/api/main.js');
