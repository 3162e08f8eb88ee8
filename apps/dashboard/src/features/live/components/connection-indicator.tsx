import { DamascusTime } from '../../../components/damascus-time';
import type { ConnectionStatus } from '../connection-store';
import { useLiveConnection } from '../live-connection-context';

const DESCRIPTIONS: Record<ConnectionStatus, string> = {
  live: 'Connected: reports appear as they are filed.',
  reconnecting: 'Connection lost: reconnecting. Missed events will be replayed.',
  offline: 'Not connected: the feed may be out of date.',
};

/** The live connection in words (not only colour), and the last replay of missed events. */
export function ConnectionIndicator() {
  const { status, lastSeq, lastReplay } = useLiveConnection();
  const title = lastSeq === null ? DESCRIPTIONS[status] : `${DESCRIPTIONS[status]} Last event #${lastSeq}.`;

  return (
    <div className={`connection connection--${status}`} role="status" title={title}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__label" data-testid="connection-state">
        {status}
      </span>
      {lastReplay && (
        <span className="connection__replay" data-testid="replay-note" data-replayed-count={lastReplay.count}>
          replayed {lastReplay.count} missed {lastReplay.count === 1 ? 'event' : 'events'} at{' '}
          <DamascusTime iso={lastReplay.at} />
        </span>
      )}
    </div>
  );
}
