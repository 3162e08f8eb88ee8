// @ts-check
/** Small helpers every benchmark shares: ports, health waits, figures. */
import { createServer } from 'node:net';

/** A free TCP port on the loopback interface. @returns {Promise<number>} */
export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? ok(a.port) : fail(new Error('no port'))));
    });
  });
}

/**
 * Waits until the product on `port` answers a healthy /api/health; fails if the child exits first.
 * @param {number} port @param {import('node:child_process').ChildProcess} child @param {number} [pollMs]
 */
export async function waitHealthy(port, child, pollMs = 50) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the product exited with ${child.exitCode}`);
    if (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** @param {number[]} xs */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** @param {number} x */
export function round(x, digits = 0) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
