import { useMemo } from 'react';
import { EVENT_TYPE_LABELS, governorateName, type AgreementView, type IncidentView } from '@truce-monitor/domain';
import { StatusMessage } from '../../../components/status-message';
import { useLiveIncidents } from '../api/get-incidents';
import { useArrivals } from '../hooks/use-arrivals';
import { partyDirectory } from '../labels';
import { IncidentRow } from './incident-row';

/** The agreement's reports, newest first, kept current by the live socket through the query cache. */
export function LiveFeed({ agreement, title = 'Reports' }: { agreement: AgreementView; title?: string }) {
  const incidents = useLiveIncidents(agreement.id);
  const items = incidents.data?.items;
  const isArrival = useArrivals(items);
  const parties = useMemo(() => partyDirectory(agreement), [agreement]);
  const latestArrival = items?.find((item) => isArrival(item.id));

  return (
    <section className="panel live-feed" aria-labelledby="live-feed-title" data-testid="live-feed">
      <header className="panel__header">
        <h2 id="live-feed-title">{title}</h2>
        <span className="muted">
          {items ? `${items.length} shown, newest first · ` : ''}times in Damascus (hover for UTC)
        </span>
      </header>
      {/* Read out by screen readers when a report comes in live. */}
      <p className="visually-hidden" aria-live="polite">
        {latestArrival ? `New report: ${describe(latestArrival)}` : ''}
      </p>
      {incidents.isPending ? (
        <StatusMessage>Loading reports…</StatusMessage>
      ) : incidents.isError ? (
        <StatusMessage tone="error" action={{ label: 'Try again', onClick: () => void incidents.refetch() }}>
          Could not load the reports. {incidents.error.message}
        </StatusMessage>
      ) : incidents.data.items.length === 0 ? (
        <StatusMessage>No reports yet. New reports appear here as they are filed.</StatusMessage>
      ) : (
        <div className="table-scroll">
          <table className="feed-table">
            <thead>
              <tr>
                <th scope="col">Reported</th>
                <th scope="col">Occurred</th>
                <th scope="col">Governorate</th>
                <th scope="col">Event</th>
                <th scope="col">Perpetrator → target</th>
                <th scope="col">Classification</th>
                <th scope="col">Guarantor</th>
                <th scope="col">Verification</th>
              </tr>
            </thead>
            <tbody>
              {incidents.data.items.map((incident) => (
                <IncidentRow
                  key={incident.id}
                  incident={incident}
                  parties={parties}
                  guarantors={agreement.guarantors}
                  arrived={isArrival(incident.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function describe(incident: IncidentView): string {
  return `${EVENT_TYPE_LABELS[incident.eventType]} in ${governorateName(incident.governorate)}`;
}
