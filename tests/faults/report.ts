import { writeFile } from 'node:fs/promises';
import type { Check } from './checks.js';

export interface ScenarioResult {
  name: string;
  /** What was injected, in a few words with its counts. */
  injected: string;
  /** What was found: figures, one per line. */
  found: string[];
  checks: Check[];
  durationMs: number;
}

export const passed = (r: ScenarioResult) => r.checks.length > 0 && r.checks.every((c) => c.ok);

/** The table the run prints (Markdown, so the README can hold it as it is). */
export function table(results: ScenarioResult[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const rows = results.map((r) => {
    const ok = r.checks.filter((c) => c.ok).length;
    return `| ${esc(r.name)} | ${esc(r.injected)} | ${r.found.map(esc).join('<br>')} | ${ok}/${r.checks.length} ${passed(r) ? 'pass' : '**FAIL**'} | ${(r.durationMs / 1000).toFixed(0)} s |`;
  });
  return ['| scenario | injected | found | invariants | time |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

export function failures(results: ScenarioResult[]): string[] {
  return results.flatMap((r) => r.checks.filter((c) => !c.ok).map((c) => `${r.name}: ${c.name} — ${c.detail}`));
}

/** The results in the shape of Jest's --json output, so CI adds them to its totals like any suite. */
export async function writeJestJson(file: string, results: ScenarioResult[]): Promise<void> {
  const checksOf = (r: ScenarioResult) => (r.checks.length ? r.checks : [{ name: 'ran', ok: false, detail: 'no invariant was checked' }]);
  const assertions = results.flatMap(checksOf);
  const numPassedTests = assertions.filter((c) => c.ok).length;
  const numFailedTests = assertions.length - numPassedTests;
  await writeFile(
    file,
    JSON.stringify(
      {
        numPassedTests,
        numFailedTests,
        numPendingTests: 0,
        numTotalTests: assertions.length,
        success: numFailedTests === 0 && results.every(passed),
        testResults: results.map((r) => ({
          name: `faults: ${r.name}`,
          status: passed(r) ? 'passed' : 'failed',
          assertionResults: checksOf(r).map((c) => ({
            title: c.name,
            fullName: `${r.name} ${c.name}`,
            status: c.ok ? 'passed' : 'failed',
            failureMessages: c.ok ? [] : [c.detail],
          })),
        })),
      },
      null,
      2,
    ),
  );
}
