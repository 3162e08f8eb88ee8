// @ts-check
/**
 * The realtime stack's published denial-of-service fixes: each package must
 * be at or past the version that fixed them, wherever it sits in the
 * production dependency tree. Checked by `npm run audit:deps` and by the test
 * suite, so it holds even where the registry's advisory endpoint cannot be reached.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** @type {{ name: string, atLeast: string, advisories: string[] }[]} */
export const FLOORS = [
  { name: 'socket.io', atLeast: '4.6.2', advisories: ['GHSA-25hc-qcg6-38wj (CVE-2024-38355): a crafted packet kills the process'] },
  { name: 'socket.io-parser', atLeast: '4.2.3', advisories: ['CVE-2023-32695: a crafted packet throws an uncaught exception'] },
  {
    name: 'engine.io',
    atLeast: '6.5.5',
    advisories: ['CVE-2022-41940 and CVE-2023-31125: a crafted request kills the process', 'ships ws 8.17.1 (CVE-2024-37890)'],
  },
  { name: 'ws', atLeast: '8.17.1', advisories: ['CVE-2024-37890 (GHSA-3h5v-q93c-6h6q): too many headers crash the server'] },
];

/** -1, 0 or 1 as version a is below, at or past b (x.y.z, pre-release tags ignored). */
export function compareVersions(/** @type {string} */ a, /** @type {string} */ b) {
  const pa = a.split(/[.+-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.+-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) < (pb[i] ?? 0) ? -1 : 1;
  return 0;
}

/**
 * Every version of the named packages installed for production (`npm ls --omit=dev`),
 * with the path that pulls each in.
 * @param {string} cwd @param {string[]} names
 * @returns {Promise<{ name: string, version: string, via: string }[]>}
 */
export async function installedVersions(cwd, names) {
  const { stdout } = await promisify(execFile)('npm', ['ls', ...names, '--all', '--json', '--omit=dev'], { cwd, maxBuffer: 64 * 1024 * 1024 }).catch(
    (/** @type {{ stdout?: string }} */ error) => ({ stdout: error.stdout ?? '{}' }), // npm ls exits 1 on peer-dependency notes; the JSON is still whole
  );
  /** @type {{ name: string, version: string, via: string }[]} */
  const found = [];
  const walk = (/** @type {Record<string, any>} */ deps, /** @type {string} */ via) => {
    for (const [name, node] of Object.entries(deps ?? {})) {
      const path = via ? `${via} > ${name}` : name;
      if (names.includes(name) && node.version) found.push({ name, version: node.version, via: path });
      walk(node.dependencies, path);
    }
  };
  walk(JSON.parse(stdout).dependencies, '');
  return found;
}

/** The installed copies below their floor. */
export async function belowFloors(/** @type {string} */ cwd) {
  const installed = await installedVersions(cwd, FLOORS.map((f) => f.name));
  return {
    installed,
    below: installed.filter((i) => compareVersions(i.version, FLOORS.find((f) => f.name === i.name)?.atLeast ?? '0.0.0') < 0),
  };
}
