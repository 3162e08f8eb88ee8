import { useMemo } from 'react';
import {
  EVENT_TYPE_LABELS,
  governorateName,
  type AgreementView,
  type GuarantorCode,
  type IncidentView,
} from '@truce-monitor/domain';
import { DamascusTime } from '../../../components/damascus-time';
import { StatusMessage } from '../../../components/status-message';
import { paths } from '../../../config/paths';
import { useNow } from '../../../lib/clock';
import { Link } from '../../../lib/router';
import { useFilteredIncidents } from '../api/get-incidents';
import { isOverdue, lastAnswerAt, sortForQueue } from '../deadline';
import { useArrivals } from '../hooks/use-arrivals';
import { RESPONSE_LABELS, partyDirectory, perpetratorLabel, shortId, type PartyDirectory } from '../labels';
import { DeadlineCountdown } from './deadline-countdown';
import { GuarantorCell } from './incident-row';
import { OutcomeBadge } from './outcome-badge';
import { VerificationBadge } from './verification-badge';

interface OfficerQueueProps {
  agreement: AgreementView;
  guarantor: GuarantorCode;
  /** On the operations screen: only what awaits this guarantor's answer. */
  compact?: boolean;
}

/**
 * What a guarantor's officer must act on: the reports routed to its
 * guarantor and not yet answered, overdue first and then by deadline, each
 * counting down live; and, in full, what it may cross-confirm and what it answered.
 */
export function OfficerQueue({ agreement, guarantor, compact = false }: OfficerQueueProps) {
  // Each part of the queue is asked of the server: filtered and ordered there, kept current live.
  const incidents = useFilteredIncidents({ agreementId: agreement.id, responsibleGuarantor: guarantor, awaiting: true, sort: 'deadline' });
  const toConfirmList = useFilteredIncidents({ agreementId: agreement.id, unconfirmedBy: guarantor }, { enabled: !compact });
  const answeredList = useFilteredIncidents({ agreementId: agreement.id, responsibleGuarantor: guarantor, awaiting: false }, { enabled: !compact });
  const now = useNow();
  const parties = useMemo(() => partyDirectory(agreement), [agreement]);
  const awaitingItems = incidents.data?.items;
  const toConfirmItems = toConfirmList.data?.items;
  const answeredItems = answeredList.data?.items;
  const queue = useMemo(
    () =>
      awaitingItems
        ? {
            // The server's order is the queue's; a deadline passing while the queue is open moves a report up here.
            awaiting: sortForQueue(awaitingItems, now),
            toConfirm: toConfirmItems ?? [],
            answered: [...(answeredItems ?? [])].sort((a, b) => Date.parse(lastAnswerAt(b)) - Date.parse(lastAnswerAt(a))),
          }
        : null,
    [awaitingItems, toConfirmItems, answeredItems, now],
  );
  const isArrival = useArrivals(queue?.awaiting);
  const overdueCount = queue ? queue.awaiting.filter((i) => isOverdue(i, now)).length : 0;
  const latestArrival = queue?.awaiting.find((i) => isArrival(i.id));
  const guarantorName = agreement.guarantors.find((g) => g.code === guarantor)?.name ?? guarantor;

  return (
    <section className="panel officer-queue" aria-labelledby="officer-queue-title" data-testid="officer-queue">
      <header className="panel__header">
        <h2 id="officer-queue-title">
          Awaiting {guarantorName}'s answer
          {queue && <span className="count"> {queue.awaiting.length}</span>}
        </h2>
        {overdueCount > 0 && (
          <span className="badge badge--overdue" data-testid="overdue-count">
            {overdueCount} overdue
          </span>
        )}
        <span className="muted">overdue first, then by deadline</span>
        {compact && (
          <Link to={paths.queue} className="panel__header-link">
            Full queue
          </Link>
        )}
      </header>
      <p className="visually-hidden" aria-live="polite">
        {latestArrival ? `Routed to ${guarantor}: ${EVENT_TYPE_LABELS[latestArrival.eventType]} in ${governorateName(latestArrival.governorate)}` : ''}
      </p>
      {incidents.isPending ? (
        <StatusMessage>Loading the queue…</StatusMessage>
      ) : incidents.isError ? (
        <StatusMessage tone="error" action={{ label: 'Try again', onClick: () => void incidents.refetch() }}>
          Could not load the reports. {incidents.error.message}
        </StatusMessage>
      ) : queue!.awaiting.length === 0 ? (
        <StatusMessage>Nothing awaits {guarantorName}'s answer. Reports routed to it appear here as they are filed.</StatusMessage>
      ) : (
        <QueueTable items={queue!.awaiting} parties={parties} isArrival={isArrival} testId="queue-row" />
      )}

      {!compact && queue && (
        <>
          <h2 className="panel__subheading" id="to-confirm-title">
            To cross-confirm <span className="count">{queue.toConfirm.length}</span>{' '}
            <span className="muted">— routed to another guarantor, no position from {guarantor} yet</span>
          </h2>
          {queue.toConfirm.length === 0 ? (
            <p className="panel__empty muted">Nothing to cross-confirm.</p>
          ) : (
            <table className="feed-table" aria-labelledby="to-confirm-title">
              <thead>
                <tr>
                  <th scope="col">Reported</th>
                  <th scope="col">Event</th>
                  <th scope="col">Where</th>
                  <th scope="col">Perpetrator</th>
                  <th scope="col">Answers for it</th>
                  <th scope="col">Its deadline</th>
                </tr>
              </thead>
              <tbody>
                {queue.toConfirm.map((incident) => (
                  <tr key={incident.id} data-testid="confirm-row" data-incident-id={incident.id}>
                    <td className="cell-time">
                      <DamascusTime iso={incident.reportedAt} />
                    </td>
                    <td>
                      <Link to={paths.report(incident.id)}>{EVENT_TYPE_LABELS[incident.eventType]}</Link>
                    </td>
                    <td>{incident.placeName ?? governorateName(incident.governorate)}</td>
                    <td>{perpetratorLabel(incident, parties)}</td>
                    <td className="cell-guarantor">
                      <GuarantorCell code={incident.responsibleGuarantor} guarantors={agreement.guarantors} />
                    </td>
                    <td>
                      <DeadlineCountdown incident={incident} showDue={false} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2 className="panel__subheading" id="answered-title">
            Answered <span className="count">{queue.answered.length}</span>
          </h2>
          {queue.answered.length === 0 ? (
            <p className="panel__empty muted">No answers yet.</p>
          ) : (
            <table className="feed-table" aria-labelledby="answered-title">
              <thead>
                <tr>
                  <th scope="col">Latest answer</th>
                  <th scope="col">Event</th>
                  <th scope="col">Where</th>
                  <th scope="col">Perpetrator</th>
                  <th scope="col">Deadline</th>
                </tr>
              </thead>
              <tbody>
                {queue.answered.map((incident) => {
                  const latest = incident.responses.at(-1);
                  return (
                    <tr key={incident.id} data-testid="answered-row" data-incident-id={incident.id}>
                      <td>
                        {latest ? (
                          <>
                            <span className={`answer answer--${latest.response}`}>{RESPONSE_LABELS[latest.response]}</span>{' '}
                            <DamascusTime iso={latest.at} className="muted" />
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        <Link to={paths.report(incident.id)}>{EVENT_TYPE_LABELS[incident.eventType]}</Link>
                      </td>
                      <td>{incident.placeName ?? governorateName(incident.governorate)}</td>
                      <td>{perpetratorLabel(incident, parties)}</td>
                      <td>
                        <DeadlineCountdown incident={incident} showDue={false} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

function QueueTable({
  items,
  parties,
  isArrival,
  testId,
}: {
  items: readonly IncidentView[];
  parties: PartyDirectory;
  isArrival: (id: string) => boolean;
  testId: string;
}) {
  const now = useNow();
  return (
    <div className="table-scroll">
      <table className="feed-table">
        <thead>
          <tr>
            <th scope="col">Deadline</th>
            <th scope="col">Event</th>
            <th scope="col">Where</th>
            <th scope="col">Perpetrator</th>
            <th scope="col">Classification</th>
            <th scope="col">Verification</th>
          </tr>
        </thead>
        <tbody>
          {items.map((incident) => {
            const overdue = isOverdue(incident, now);
            const classes = ['incident-row', overdue ? 'incident-row--overdue' : '', isArrival(incident.id) ? 'incident-row--arrived' : '']
              .filter(Boolean)
              .join(' ');
            return (
              <tr key={incident.id} className={classes} data-testid={testId} data-incident-id={incident.id} data-overdue={overdue || undefined}>
                <td className="cell-deadline">
                  <DeadlineCountdown incident={incident} />
                </td>
                <td>
                  <Link to={paths.report(incident.id)} className="row-link" aria-label={`${EVENT_TYPE_LABELS[incident.eventType]}, report ${shortId(incident.id)}: open to answer`}>
                    {EVENT_TYPE_LABELS[incident.eventType]}
                  </Link>
                  <span className="cell-secondary">
                    reported <DamascusTime iso={incident.reportedAt} />
                  </span>
                </td>
                <td>
                  <span className="cell-primary">{governorateName(incident.governorate)}</span>
                  {incident.placeName && <span className="cell-secondary">{incident.placeName}</span>}
                </td>
                <td>{perpetratorLabel(incident, parties)}</td>
                <td>
                  <OutcomeBadge outcome={incident.classification.outcome} reasons={incident.classification.reasons} />
                </td>
                <td>
                  <VerificationBadge state={incident.verification} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
