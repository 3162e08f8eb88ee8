// @ts-check
/**
 * CPU time spent by processes, read from /proc (Linux): what a request costs
 * in CPU, which a shared machine's load does not change the way it changes
 * wall-clock throughput. Elsewhere the figures are null and not printed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** user + system CPU ms of one process, or null where /proc cannot be read. */
export function processCpuMs(/** @type {number} */ pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND; // utime, stime
  } catch {
    return null;
  }
}

/** CPU ms of a PostgreSQL cluster: its postmaster and every process it started (backends, writers). */
export function clusterCpuMs(/** @type {string} */ pgDataDir) {
  try {
    const postmaster = Number(readFileSync(join(pgDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    let total = processCpuMs(postmaster) ?? 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(fields[1]) === postmaster) total += ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
      } catch {
        // the process ended meanwhile
      }
    }
    return total;
  } catch {
    return null;
  }
}
