import { useMemo, useRef, useState, type MouseEvent } from 'react';
import {
  EVENT_TYPE_LABELS,
  MIN_SOURCES_TO_CORROBORATE,
  VERIFICATION_STATES,
  allowedNextStates,
  governorateName,
  type AgreementView,
  type IncidentView,
  type VerificationState,
} from '@truce-monitor/domain';
import { DamascusTime } from '../../../components/damascus-time';
import { StatusMessage } from '../../../components/status-message';
import { paths } from '../../../config/paths';
import { Link } from '../../../lib/router';
import { useBulkVerification, type BulkResult } from '../api/act-on-incident';
import { useVerificationCounts } from '../api/get-incident-counts';
import { useFilteredIncidents } from '../api/get-incidents';
import { VERIFICATION_ACTIONS, VERIFICATION_DESCRIPTIONS, VERIFICATION_LABELS, partyDirectory, perpetratorLabel, targetLabel } from '../labels';
import { DeadlineCountdown } from './deadline-countdown';
import { OutcomeBadge } from './outcome-badge';

/** Oldest first where work waits (first in, first reviewed); newest first elsewhere. */
const OLDEST_FIRST: readonly VerificationState[] = ['reported', 'corroborated'];

/** Why a report cannot take a move, or null if it can. */
function blockedReason(incident: IncidentView, to: VerificationState): string | null {
  if (!allowedNextStates(incident.verification).includes(to)) return `a ${incident.verification} report cannot become ${to}`;
  if (to === 'corroborated' && incident.sources.length < MIN_SOURCES_TO_CORROBORATE)
    return `cites ${incident.sources.length} source${incident.sources.length === 1 ? '' : 's'}; corroborating needs ${MIN_SOURCES_TO_CORROBORATE}`;
  return null;
}

/**
 * The reviewer's queue: reports by verification state, several selected at
 * once (Shift+click selects a range) and moved along one allowed transition together.
 */
export function ReviewQueue({ agreement, state }: { agreement: AgreementView; state: VerificationState }) {
  const oldestFirst = OLDEST_FIRST.includes(state);
  // The server selects the tab's reports and orders them; live events move them in and out.
  const incidents = useFilteredIncidents({ agreementId: agreement.id, verification: [state], sort: oldestFirst ? 'reported_asc' : 'reported_desc' });
  // Every tab's count, from the server in one request; asked again when a live event moves a report between states.
  const counts = useVerificationCounts(agreement.id);
  const parties = useMemo(() => partyDirectory(agreement), [agreement]);
  const all = incidents.data?.items;
  const more = Boolean(incidents.data?.nextCursor);
  const rows = useMemo(() => {
    const dir = oldestFirst ? 1 : -1;
    // Reports that joined live are placed by time too.
    return [...(all ?? [])].sort((a, b) => dir * (Date.parse(a.reportedAt) - Date.parse(b.reportedAt)));
  }, [all, oldestFirst]);

  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [note, setNote] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState<{ to: VerificationState; results: BulkResult[] } | null>(null);
  const lastClicked = useRef<number | null>(null);
  const bulk = useBulkVerification();

  // Only what is still in this tab counts as selected (a moved report leaves it, live).
  const visibleSelected = rows.filter((r) => selected.has(r.id));
  const allChecked = rows.length > 0 && visibleSelected.length === rows.length;
  const someChecked = visibleSelected.length > 0 && !allChecked;
  const refusedById = new Map((outcome?.results ?? []).filter((r) => !r.ok).map((r) => [r.id, r.problem ?? 'refused']));

  function toggle(index: number, event: MouseEvent<HTMLInputElement>) {
    const id = rows[index]!.id;
    const checked = event.currentTarget.checked;
    const next = new Set(selected);
    if (event.shiftKey && lastClicked.current !== null) {
      const [from, to] = [Math.min(lastClicked.current, index), Math.max(lastClicked.current, index)];
      for (const row of rows.slice(from, to + 1)) {
        if (checked) next.add(row.id);
        else next.delete(row.id);
      }
    } else if (checked) next.add(id);
    else next.delete(id);
    lastClicked.current = index;
    setSelected(next);
  }

  async function move(to: VerificationState) {
    const eligible = visibleSelected.filter((r) => blockedReason(r, to) === null).map((r) => r.id);
    const skipped: BulkResult[] = visibleSelected
      .filter((r) => blockedReason(r, to) !== null)
      .map((r) => ({ id: r.id, ok: false, problem: blockedReason(r, to)! }));
    setOutcome(null);
    setProgress({ done: 0, total: eligible.length });
    const results = await bulk(eligible, { to, ...(note.trim() ? { note: note.trim() } : {}) }, (done) => setProgress({ done, total: eligible.length }));
    setProgress(null);
    setOutcome({ to, results: [...results, ...skipped] });
    // Refused ones stay selected, to be looked at; moved ones are gone from this tab anyway.
    setSelected(new Set([...results, ...skipped].filter((r) => !r.ok).map((r) => r.id)));
    if (results.every((r) => r.ok)) setNote('');
  }

  const moves = allowedNextStates(state);
  const moved = outcome?.results.filter((r) => r.ok).length ?? 0;
  const refused = outcome?.results.filter((r) => !r.ok).length ?? 0;

  return (
    <div className="review-queue" data-testid="review-queue">
      <nav className="state-tabs" aria-label="Verification states">
        <ul>
          {VERIFICATION_STATES.map((s) => (
            <li key={s}>
              <Link
                to={paths.review(s)}
                className="state-tabs__link"
                aria-current={s === state ? 'page' : undefined}
                title={VERIFICATION_DESCRIPTIONS[s]}
                data-testid={`state-tab-${s}`}
              >
                {VERIFICATION_LABELS[s]}
                {counts.data && (
                  <span className="count" data-testid={`state-count-${s}`}>
                    {' '}
                    {counts.data.counts[s]}
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <section className="panel review-panel" aria-labelledby="review-title">
        <header className="panel__header">
          <h2 id="review-title">
            {VERIFICATION_LABELS[state]} <span className="count">{rows.length}{more ? '+' : ''}</span>
          </h2>
          <span className="muted">{oldestFirst ? 'oldest first' : 'newest first'} · Shift+click selects a range</span>
        </header>

        <div className="bulk-bar" role="group" aria-label="Move the selected reports" data-testid="bulk-bar">
          <span className="bulk-bar__count" data-testid="selected-count">
            {visibleSelected.length} selected
          </span>
          <label className="bulk-bar__note">
            <span>Note for all (optional)</span>
            <input type="text" value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          {moves.map((to) => {
            const eligible = visibleSelected.filter((r) => blockedReason(r, to) === null).length;
            const bulkable = to !== 'duplicate';
            return (
              <button
                key={to}
                type="button"
                className="button button--secondary"
                disabled={!bulkable || eligible === 0 || progress !== null}
                title={bulkable ? VERIFICATION_DESCRIPTIONS[to] : 'Each duplicate names its own original: mark it from the report itself.'}
                onClick={() => void move(to)}
                data-testid={`bulk-${to}`}
              >
                {VERIFICATION_ACTIONS[to]}
                {bulkable && visibleSelected.length > 0 && eligible < visibleSelected.length ? ` (${eligible} of ${visibleSelected.length})` : ''}
              </button>
            );
          })}
          {moves.includes('duplicate') && <span className="muted bulk-bar__aside">Duplicates one at a time, from the report.</span>}
        </div>
        <p className="bulk-status" role="status" data-testid="bulk-status">
          {progress
            ? `Moving ${progress.done} of ${progress.total}…`
            : outcome
              ? `${moved} moved to ${VERIFICATION_LABELS[outcome.to]}${refused ? `; ${refused} not moved (see the rows still selected)` : ''}.`
              : ''}
        </p>

        {incidents.isPending ? (
          <StatusMessage>Loading reports…</StatusMessage>
        ) : incidents.isError ? (
          <StatusMessage tone="error" action={{ label: 'Try again', onClick: () => void incidents.refetch() }}>
            Could not load the reports. {incidents.error.message}
          </StatusMessage>
        ) : rows.length === 0 ? (
          <StatusMessage>No {VERIFICATION_LABELS[state].toLowerCase()} reports.</StatusMessage>
        ) : (
          <div className="table-scroll">
            <table className="feed-table review-table">
              <thead>
                <tr>
                  <th scope="col" className="cell-check">
                    <input
                      type="checkbox"
                      aria-label={`Select all ${rows.length} ${VERIFICATION_LABELS[state].toLowerCase()} reports`}
                      checked={allChecked}
                      ref={(el) => {
                        if (el) el.indeterminate = someChecked;
                      }}
                      onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())}
                      data-testid="select-all"
                    />
                  </th>
                  <th scope="col">Reported</th>
                  <th scope="col">Event</th>
                  <th scope="col">Where</th>
                  <th scope="col">Perpetrator → target</th>
                  <th scope="col">Classification</th>
                  <th scope="col">Sources</th>
                  <th scope="col">Routing</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((incident, index) => {
                  const problem = refusedById.get(incident.id);
                  return (
                    <tr
                      key={incident.id}
                      className={selected.has(incident.id) ? 'incident-row incident-row--selected' : 'incident-row'}
                      data-testid="review-row"
                      data-incident-id={incident.id}
                    >
                      <td className="cell-check">
                        <input
                          type="checkbox"
                          checked={selected.has(incident.id)}
                          onClick={(e) => toggle(index, e)}
                          onChange={() => undefined}
                          aria-label={`Select ${EVENT_TYPE_LABELS[incident.eventType]} in ${governorateName(incident.governorate)}, reported ${incident.reportedAt.slice(0, 16).replace('T', ' ')} UTC`}
                          data-testid="review-select"
                        />
                      </td>
                      <td className="cell-time">
                        <DamascusTime iso={incident.reportedAt} />
                      </td>
                      <td>
                        <Link to={paths.report(incident.id)} className="row-link">
                          {EVENT_TYPE_LABELS[incident.eventType]}
                        </Link>
                        <span className="cell-secondary">
                          occurred <DamascusTime iso={incident.occurredAt} />
                        </span>
                        {problem && (
                          <span className="field-error" data-testid="row-problem">
                            Not moved: {problem}
                          </span>
                        )}
                      </td>
                      <td>
                        <span className="cell-primary">{governorateName(incident.governorate)}</span>
                        {incident.placeName && <span className="cell-secondary">{incident.placeName}</span>}
                      </td>
                      <td>
                        {perpetratorLabel(incident, parties)} <span className="muted">→</span> {targetLabel(incident, parties)}
                      </td>
                      <td>
                        <OutcomeBadge outcome={incident.classification.outcome} reasons={incident.classification.reasons} />
                      </td>
                      <td className={incident.sources.length < MIN_SOURCES_TO_CORROBORATE ? 'muted' : undefined}>{incident.sources.length}</td>
                      <td>
                        {incident.responsibleGuarantor ? (
                          <>
                            <span className="guarantor-code">{incident.responsibleGuarantor}</span> <DeadlineCountdown incident={incident} showDue={false} />
                          </>
                        ) : (
                          <span className="muted">none</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
