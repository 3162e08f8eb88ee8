import type { IncidentView } from '@truce-monitor/domain';
import { DamascusTime } from '../../../components/damascus-time';
import { useNow } from '../../../lib/clock';
import { formatDuration } from '../../../lib/time';
import { deadlineState } from '../deadline';

/** Under this, a pending deadline is drawn as close. */
const SOON_MS = 15 * 60_000;

/** The report against its guarantor's deadline, counted down live: said in words, never by colour alone. */
export function DeadlineCountdown({ incident, showDue = true }: { incident: IncidentView; showDue?: boolean }) {
  const now = useNow();
  const state = deadlineState(incident, now);
  switch (state.kind) {
    case 'not_routed':
      return (
        <span className="deadline deadline--none muted" data-testid="deadline" data-deadline="not_routed">
          no deadline: not routed
        </span>
      );
    case 'answered':
      return (
        <span className="deadline deadline--answered" data-testid="deadline" data-deadline="answered">
          answered <DamascusTime iso={state.at} />
          {' · '}
          {state.marginMs >= 0 ? `${formatDuration(state.marginMs)} before the deadline` : `${formatDuration(state.marginMs)} late`}
        </span>
      );
    case 'pending':
      return (
        <span
          className={state.remainingMs < SOON_MS ? 'deadline deadline--soon' : 'deadline deadline--pending'}
          data-testid="deadline"
          data-deadline="pending"
        >
          <strong className="deadline__count">{formatDuration(state.remainingMs)} left</strong>
          {showDue && (
            <>
              {' · due '}
              <DamascusTime iso={state.deadline} />
            </>
          )}
        </span>
      );
    case 'overdue':
      return (
        <span className="deadline deadline--overdue" data-testid="deadline" data-deadline="overdue">
          <strong className="deadline__count">
            <span aria-hidden="true">⚠ </span>overdue by {formatDuration(state.overdueMs)}
          </strong>
          {showDue && (
            <>
              {' · was due '}
              <DamascusTime iso={state.deadline} />
            </>
          )}
        </span>
      );
  }
}
