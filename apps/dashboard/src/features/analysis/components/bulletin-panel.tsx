import { useState } from 'react';
import { EVENT_TYPE_LABELS, OUTCOME_LABELS, isCalendarDay, type StatsFilter } from '@truce-monitor/domain';
import { DamascusTime } from '../../../components/damascus-time';
import { Field } from '../../../components/form';
import { StatusMessage } from '../../../components/status-message';
import { useBulletin } from '../api/stats-api';

/** The daily bulletin (per guarantor: violations, where, the incidents and the others' confirmations) for a chosen Damascus day. */
export function BulletinPanel({ agreementId, filter, day, defaultDay, onDay }: { agreementId: string; filter: StatsFilter; day: string | null; defaultDay: string; onDay: (day: string) => void }) {
  const [typed, setTyped] = useState(day ?? defaultDay);
  const [problem, setProblem] = useState<string | undefined>();
  const bulletin = useBulletin(agreementId, filter, day);
  return (
    <section className="panel analysis-bulletin" aria-labelledby="bulletin-title" data-testid="bulletin">
      <header className="panel__header">
        <h2 id="bulletin-title">Daily bulletin</h2>
      </header>
      <form
        className="analysis-bulletin__form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!isCalendarDay(typed)) return setProblem('must be a calendar day, YYYY-MM-DD (a Damascus day)');
          setProblem(undefined);
          onDay(typed);
        }}
      >
        <Field label="Day (Damascus)" error={problem}>
          {(control) => <input type="date" {...control} value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="bulletin-day" />}
        </Field>
        <button type="submit" className="button button--secondary" data-testid="bulletin-show">
          Show bulletin
        </button>
      </form>
      {day === null ? (
        <p className="panel__empty">Choose a day to read its bulletin (the filter's governorates, parties, event types and verification apply).</p>
      ) : bulletin.isPending ? (
        <StatusMessage>Loading the bulletin for {day}…</StatusMessage>
      ) : bulletin.isError ? (
        <StatusMessage tone="error" action={{ label: 'Try again', onClick: () => void bulletin.refetch() }}>
          Could not load the bulletin. {bulletin.error.message}
        </StatusMessage>
      ) : (
        <div className="analysis-bulletin__sections">
          <p>
            {bulletin.data.agreementName}, {bulletin.data.date} (Damascus).
          </p>
          {bulletin.data.sections.map((s) => (
            <section key={s.guarantor} className="analysis-bulletin__section" aria-label={`${s.guarantorName}: bulletin section`}>
              <h3>
                {s.guarantorName} ({s.guarantor}): {s.violations.withoutDisputed} violations, {s.violations.withDisputed} with disputed exclusions
              </h3>
              {s.byGovernorate.length > 0 && (
                <p>
                  {s.byGovernorate.map((g) => `${g.name} ${g.violations.withoutDisputed} (${g.violations.withDisputed})`).join(' · ')}
                </p>
              )}
              {s.incidents.length === 0 ? (
                <p className="panel__empty">No violations attributed.</p>
              ) : (
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">Time (Damascus)</th>
                      <th scope="col">Where</th>
                      <th scope="col">Event</th>
                      <th scope="col">Perpetrator</th>
                      <th scope="col">Outcome</th>
                      <th scope="col">Killed / injured</th>
                      <th scope="col">Answer</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.incidents.map((i) => (
                      <tr key={i.id}>
                        <td>
                          <DamascusTime iso={i.occurredAt} />
                        </td>
                        <td>{i.placeName ? `${i.placeName}, ${i.governorate}` : i.governorate}</td>
                        <td>{EVENT_TYPE_LABELS[i.eventType]}</td>
                        <td>{i.perpetrator ?? 'unknown'}</td>
                        <td>{OUTCOME_LABELS[i.outcome]}</td>
                        <td>
                          {i.killed} / {i.injured}
                        </td>
                        <td>{i.answer ?? 'none yet'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          ))}
        </div>
      )}
    </section>
  );
}
