import { useState } from 'react';
import type { StatsFilter } from '@truce-monitor/domain';
import { EXPORT_KINDS, downloadExport, type ExportKind, type ExportResult } from '../api/download-export';

type State = { phase: 'idle' } | { phase: 'loading' } | { phase: 'done'; result: ExportResult } | { phase: 'failed'; message: string };

/** Export buttons for exactly the filtered set, each saying what it downloaded: file, rows and the data hash the server stated. */
export function ExportPanel({ agreementId, filter, reports }: { agreementId: string; filter: StatsFilter; reports: number | null }) {
  const [states, setStates] = useState<Partial<Record<ExportKind, State>>>({});
  const set = (kind: ExportKind, state: State) => setStates((s) => ({ ...s, [kind]: state }));

  async function run(kind: ExportKind) {
    set(kind, { phase: 'loading' });
    try {
      const result = await downloadExport(kind, agreementId, filter);
      set(kind, { phase: 'done', result });
    } catch (error) {
      set(kind, { phase: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <section className="panel analysis-exports" aria-labelledby="exports-title" data-testid="exports">
      <header className="panel__header">
        <h2 id="exports-title">Export the filtered reports</h2>
      </header>
      <p>
        {reports === null ? 'Counting the reports this filter selects…' : `${reports} reports match this filter; each export holds exactly these rows.`} The data
        hash is the SHA-256 of the CSV data records, whatever the format.
      </p>
      <ul className="analysis-exports__list">
        {EXPORT_KINDS.map(({ kind, label, description }) => {
          const state = states[kind] ?? { phase: 'idle' };
          return (
            <li key={kind} className="analysis-exports__item">
              <button
                type="button"
                className="button button--secondary"
                onClick={() => void run(kind)}
                disabled={state.phase === 'loading'}
                aria-describedby={`export-${kind}-status`}
                data-testid={`export-${kind}`}
              >
                Download {label}
              </button>
              <span className="field-hint">{description}</span>
              <span id={`export-${kind}-status`} className="analysis-exports__status" role="status" data-testid={`export-${kind}-status`}>
                {state.phase === 'loading' && 'Starting the download…'}
                {state.phase === 'failed' && <span className="field-error">Download failed: {state.message}</span>}
                {state.phase === 'done' && (
                  <>
                    Downloading {state.result.filename} (your browser saves it and shows its progress):{' '}
                    <span data-testid={`export-${kind}-rows`}>{state.result.rows}</span> rows, data hash{' '}
                    <code className="analysis-exports__hash">{state.result.dataSha256}</code>. Check the saved file: <code data-testid={`export-${kind}-check`}>{state.result.check}</code>
                  </>
                )}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
