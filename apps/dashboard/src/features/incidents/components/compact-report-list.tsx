import { EVENT_TYPE_LABELS, governorateName, type AgreementView } from '@truce-monitor/domain';
import { DamascusTime } from '../../../components/damascus-time';
import { StatusMessage } from '../../../components/status-message';
import { paths } from '../../../config/paths';
import { Link } from '../../../lib/router';
import { useLiveIncidents } from '../api/get-incidents';
import { OutcomeBadge } from './outcome-badge';
import { VerificationBadge } from './verification-badge';

/** The reports the user may see (a monitor: its own), newest first, one line each. */
export function CompactReportList({ agreement, title }: { agreement: AgreementView; title: string }) {
  const incidents = useLiveIncidents(agreement.id);
  return (
    <section className="panel compact-reports" aria-labelledby="compact-reports-title" data-testid="my-reports">
      <header className="panel__header">
        <h2 id="compact-reports-title">
          {title} {incidents.data && <span className="count">{incidents.data.items.length}</span>}
        </h2>
      </header>
      {incidents.isPending ? (
        <StatusMessage>Loading…</StatusMessage>
      ) : incidents.isError ? (
        <StatusMessage tone="error" action={{ label: 'Try again', onClick: () => void incidents.refetch() }}>
          Could not load the reports. {incidents.error.message}
        </StatusMessage>
      ) : incidents.data.items.length === 0 ? (
        <StatusMessage>None yet.</StatusMessage>
      ) : (
        <ul className="compact-reports__list">
          {incidents.data.items.map((i) => (
            <li key={i.id} data-testid="my-report" data-incident-id={i.id}>
              <Link to={paths.report(i.id)}>
                {EVENT_TYPE_LABELS[i.eventType]} at {i.placeName ?? governorateName(i.governorate)}
              </Link>
              <span className="compact-reports__meta">
                <DamascusTime iso={i.occurredAt} className="muted" /> <OutcomeBadge outcome={i.classification.outcome} reasons={i.classification.reasons} />{' '}
                <VerificationBadge state={i.verification} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
