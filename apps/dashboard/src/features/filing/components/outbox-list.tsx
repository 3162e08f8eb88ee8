import type { ReactNode } from 'react';
import { OUTCOME_LABELS } from '@truce-monitor/domain';
import { DamascusTime } from '../../../components/damascus-time';
import { useOnline } from '../../../lib/use-online';
import type { OutboxEntry } from '../outbox';
import { useOutbox, useOutboxEntries } from '../outbox-context';

interface OutboxListProps {
  onReopen: (entry: OutboxEntry) => void;
  reportLink: (id: string, text: string) => ReactNode;
}

/** What this device holds: reports waiting to be sent, refused, and accepted (with where they went). */
export function OutboxList({ onReopen, reportLink }: OutboxListProps) {
  const outbox = useOutbox();
  const online = useOnline();
  const { entries, loaded } = useOutboxEntries();
  const waiting = entries.filter((e) => e.status === 'waiting');
  const refused = entries.filter((e) => e.status === 'refused');
  const accepted = entries.filter((e) => e.status === 'accepted').reverse();

  return (
    <section className="panel outbox" aria-labelledby="outbox-title" data-testid="outbox">
      <header className="panel__header">
        <h2 id="outbox-title">On this device</h2>
        <span className={online ? 'muted' : 'outbox__offline'} data-testid="outbox-network">
          {online ? 'online' : 'offline: reports are kept here and sent when the connection returns'}
        </span>
      </header>
      <div className="outbox__body">
        {!loaded && <p className="muted">Reading the device store…</p>}
        {loaded && entries.length === 0 && <p className="muted">Nothing yet. Reports you file are listed here until the server has them.</p>}

        {waiting.length > 0 && (
          <>
            <h3>
              Waiting to be sent <span className="count">{waiting.length}</span>
            </h3>
            <ul className="outbox__list">
              {waiting.map((e) => (
                <li key={e.key} data-testid="outbox-waiting" data-key={e.key}>
                  <span className="outbox__summary">{e.summary}</span>
                  <span className="muted">
                    kept <DamascusTime iso={e.createdAt} />
                    {e.attempts > 0 && (
                      <>
                        {' · '}
                        {e.attempts} {e.attempts === 1 ? 'attempt' : 'attempts'}
                        {e.lastError && `, last: ${e.lastError}`}
                      </>
                    )}
                  </span>
                </li>
              ))}
            </ul>
            <button type="button" className="button button--secondary" onClick={() => void outbox.flush({ force: true })} disabled={!online}>
              Send now
            </button>
          </>
        )}

        {refused.length > 0 && (
          <>
            <h3>
              Refused by the server <span className="count">{refused.length}</span>
            </h3>
            <ul className="outbox__list">
              {refused.map((e) => (
                <li key={e.key} data-testid="outbox-refused" className="outbox__refused">
                  <span className="outbox__summary">{e.summary}</span>
                  <span className="field-error">{e.refused?.message}</span>
                  {e.refused?.details.length ? (
                    <ul className="outbox__problems">
                      {e.refused.details.map((d) => (
                        <li key={`${d.field}-${d.problem}`}>
                          <code>{d.field}</code> {d.problem}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  <span className="outbox__actions">
                    <button type="button" className="button button--secondary" onClick={() => onReopen(e)}>
                      Open in the form to fix
                    </button>
                    <button type="button" className="link-button link-button--plain" onClick={() => void outbox.discard(e.key)}>
                      Discard
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}

        {accepted.length > 0 && (
          <>
            <h3>
              Accepted <span className="count">{accepted.length}</span>
            </h3>
            <ul className="outbox__list">
              {accepted.map((e) => (
                <li key={e.key} data-testid="outbox-accepted" data-report-id={e.accepted?.id}>
                  <span className="outbox__summary">{e.accepted ? reportLink(e.accepted.id, e.summary) : e.summary}</span>
                  {e.accepted && (
                    <span className="muted">
                      {OUTCOME_LABELS[e.accepted.outcome]}
                      {e.accepted.responsibleGuarantor ? `, routed to ${e.accepted.responsibleGuarantor}` : ''} · accepted{' '}
                      <DamascusTime iso={e.accepted.acceptedAt} />
                      {e.attempts > 1 && ` after ${e.attempts} attempts`}
                      {e.accepted.replayed && ' (an earlier attempt had reached the server; stored once)'}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
