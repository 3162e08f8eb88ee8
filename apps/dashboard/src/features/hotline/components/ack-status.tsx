import type { HotlineMessageView } from '@truce-monitor/domain';
import { DamascusTime } from '../../../components/damascus-time';
import { useNow } from '../../../lib/clock';
import { formatDuration } from '../../../lib/time';
import { ackState } from '../ack-state';

/** Under this, a pending acknowledgement is drawn as close. */
const SOON_MS = 10 * 60_000;

/**
 * What a message asked of the other side and where that stands, counted down
 * live: said in words (and a sign for overdue), never by colour alone.
 */
export function AckStatus({ message, showDue = true }: { message: HotlineMessageView; showDue?: boolean }) {
  const now = useNow();
  const state = ackState(message, now);
  const who = (codes: readonly string[]) => codes.join(' and ');
  switch (state.kind) {
    case 'not_asked':
      return message.acknowledgements.length > 0 ? (
        <span className="ack ack--done" data-testid="ack-status" data-ack="acknowledged">
          acknowledged by {message.acknowledgements.map((a) => a.guarantor).join(', ')}{' '}
          <DamascusTime iso={message.acknowledgements.at(-1)!.at} />
        </span>
      ) : null;
    case 'acknowledged':
      return (
        <span className="ack ack--done" data-testid="ack-status" data-ack="acknowledged">
          <span aria-hidden="true">✓ </span>acknowledged by {who(message.acknowledgements.map((a) => a.guarantor))}{' '}
          <DamascusTime iso={state.at} />
          {' · '}
          {state.marginMs >= 0 ? `${formatDuration(state.marginMs)} before the deadline` : `${formatDuration(state.marginMs)} late`}
        </span>
      );
    case 'pending':
      return (
        <span className={state.remainingMs < SOON_MS ? 'ack ack--soon' : 'ack ack--pending'} data-testid="ack-status" data-ack="pending">
          awaiting {who(state.awaiting)}: <strong className="ack__count">{formatDuration(state.remainingMs)} left</strong>
          {showDue && (
            <>
              {' · due '}
              <DamascusTime iso={message.ackBy!} />
            </>
          )}
        </span>
      );
    case 'overdue':
      return (
        <span className="ack ack--overdue" data-testid="ack-status" data-ack="overdue">
          <strong className="ack__count">
            <span aria-hidden="true">⚠ </span>overdue by {formatDuration(state.overdueMs)}
          </strong>
          : {who(state.awaiting)} has not acknowledged
          {showDue && (
            <>
              {' · was due '}
              <DamascusTime iso={message.ackBy!} />
            </>
          )}
        </span>
      );
  }
}
