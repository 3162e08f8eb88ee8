import type { UseQueryResult } from '@tanstack/react-query';
import type { AgreementView, GuarantorCode, HotlineMessageView } from '@truce-monitor/domain';
import { DamascusTime } from '../../../components/damascus-time';
import { StatusMessage } from '../../../components/status-message';
import { useNow } from '../../../lib/clock';
import { formatDuration } from '../../../lib/time';
import { ackState, awaitingAcknowledgement, excerpt } from '../ack-state';
import type { AwaitingList } from '../api/get-awaiting';
import { AckStatus } from './ack-status';

interface AwaitingPanelProps {
  /** What the server says awaits acknowledgement on the channel (kept current by live events), not only the messages loaded. */
  awaiting: UseQueryResult<AwaitingList, Error>;
  guarantors: AgreementView['guarantors'];
  mySide: GuarantorCode | null;
  onAcknowledge: (message: HotlineMessageView) => void;
  acknowledgingId: string | null;
}

/**
 * What awaits acknowledgement on this channel, and for how long: overdue
 * first, then the nearest deadline, each counting down (and then up) live.
 */
export function AwaitingPanel({ awaiting, guarantors, mySide, onAcknowledge, acknowledgingId }: AwaitingPanelProps) {
  const now = useNow();
  const waiting = awaitingAcknowledgement(awaiting.data?.messages ?? NONE, now);
  const more = awaiting.data?.more ? '+' : '';
  const overdue = waiting.filter((m) => ackState(m, now).kind === 'overdue').length;
  const mine = mySide ? waiting.filter((m) => m.awaiting.includes(mySide)).length : 0;
  const name = (code: string) => guarantors.find((g) => g.code === code)?.name ?? code;

  return (
    <section className="panel hotline-awaiting" aria-labelledby="hotline-awaiting-title" data-testid="hotline-awaiting">
      <header className="panel__header">
        <h2 id="hotline-awaiting-title">
          Awaiting acknowledgement{' '}
          {awaiting.isSuccess && (
            <span className="count" data-testid="hotline-awaiting-count">
              {waiting.length}
              {more}
            </span>
          )}
        </h2>
        {overdue > 0 && (
          <span className="badge badge--overdue" data-testid="hotline-overdue-count">
            {overdue} overdue
          </span>
        )}
        <span className="muted">overdue first</span>
      </header>
      {mySide && mine > 0 && (
        <p className="hotline-awaiting__mine" data-testid="awaiting-me">
          {mine}
          {more} {mine === 1 && !more ? 'message waits' : 'messages wait'} for {name(mySide)}'s acknowledgement.
        </p>
      )}
      {awaiting.isPending ? (
        <StatusMessage>Loading what awaits acknowledgement…</StatusMessage>
      ) : awaiting.isError ? (
        <StatusMessage tone="error" action={{ label: 'Try again', onClick: () => void awaiting.refetch() }}>
          Could not load what awaits acknowledgement. {awaiting.error.message}
        </StatusMessage>
      ) : waiting.length === 0 ? (
        <p className="panel__empty muted">Nothing awaits acknowledgement.</p>
      ) : (
        <ol className="hotline-awaiting__list">
          {waiting.map((m) => {
            const state = ackState(m, now);
            const asksMe = mySide !== null && m.awaiting.includes(mySide);
            return (
              <li
                key={m.id}
                className={state.kind === 'overdue' ? 'hotline-awaiting__item hotline-awaiting__item--overdue' : 'hotline-awaiting__item'}
                data-testid="awaiting-item"
                data-message-id={m.id}
                data-overdue={state.kind === 'overdue' || undefined}
              >
                <AckStatus message={m} showDue={false} />
                <p>
                  <a href={`#message-${m.id}`}>
                    <span className="guarantor-code">{m.fromGuarantor}</span> “{excerpt(m.body, 70)}”
                  </a>
                </p>
                <p className="muted">
                  sent <DamascusTime iso={m.sentAt} />, waiting {formatDuration(now - Date.parse(m.sentAt))} · due <DamascusTime iso={m.ackBy!} />
                  {asksMe ? ' · asks your side' : mySide === m.fromGuarantor ? ' · sent by your side' : ''}
                </p>
                {asksMe && (
                  <button
                    type="button"
                    className="button button--primary"
                    onClick={() => onAcknowledge(m)}
                    disabled={acknowledgingId === m.id}
                    aria-label={`Acknowledge for ${mySide}: ${excerpt(m.body, 50)}`}
                  >
                    Acknowledge
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

const NONE: readonly HotlineMessageView[] = [];
