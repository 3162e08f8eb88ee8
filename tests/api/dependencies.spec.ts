import { FLOORS, belowFloors, compareVersions } from '../../scripts/deps/floors.mjs';

describe('production dependencies', () => {
  it('compares versions numerically, part by part', () => {
    expect(compareVersions('4.10.0', '4.9.9')).toBe(1);
    expect(compareVersions('8.17.1', '8.17.1')).toBe(0);
    expect(compareVersions('6.4.9', '6.5.5')).toBe(-1);
  });

  it('has every copy of socket.io, socket.io-parser, engine.io and ws past its published denial-of-service fix', async () => {
    const { installed, below } = await belowFloors(process.cwd());
    // Each package is really there (a renamed or vanished package would make the check vacuous).
    for (const floor of FLOORS) expect(installed.map((i) => i.name)).toContain(floor.name);
    expect(below).toEqual([]);
  }, 60_000);
});
