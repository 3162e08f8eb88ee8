// @ts-check
/**
 * `npm run audit:deps`: `npm audit --omit=dev` (fails on a high or critical
 * advisory in production dependencies), then the realtime stack's floors
 * (scripts/deps/floors.mjs). Where the registry's advisory endpoint cannot be
 * reached it says so plainly and still checks the floors.
 */
import { spawnSync } from 'node:child_process';
import { FLOORS, belowFloors } from './floors.mjs';

let failed = false;
const audit = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
let report = null;
try {
  report = JSON.parse(audit.stdout);
} catch {
  // not JSON: the endpoint did not answer
}
if (report?.metadata?.vulnerabilities) {
  const v = report.metadata.vulnerabilities;
  console.log(`npm audit --omit=dev: ${v.critical} critical, ${v.high} high, ${v.moderate} moderate, ${v.low} low`);
  if (v.critical + v.high > 0) failed = true;
} else {
  const reason = String(report?.message ?? report?.error?.summary ?? 'no answer').trim();
  console.log(`npm audit --omit=dev could not run here (${reason}): the advisory database was not consulted.`);
}

const { installed, below } = await belowFloors(process.cwd());
for (const floor of FLOORS) {
  const copies = installed.filter((i) => i.name === floor.name);
  console.log(`${floor.name} >= ${floor.atLeast}: ${copies.map((c) => c.version).join(', ') || 'not installed'} (${floor.advisories.join('; ')})`);
}
for (const b of below) console.log(`BELOW FLOOR: ${b.name}@${b.version} via ${b.via}`);
if (below.length) failed = true;
process.exit(failed ? 1 : 0);
