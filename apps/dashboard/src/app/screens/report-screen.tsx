import type { AgreementView, AuthUser } from '@truce-monitor/domain';
import { EVENT_TYPE_LABELS, governorateName } from '@truce-monitor/domain';
import { ScreenHeader } from '../../components/screen-header';
import { StatusMessage } from '../../components/status-message';
import { useIncident } from '../../features/incidents/api/get-incident';
import { useLiveIncidents } from '../../features/incidents/api/get-incidents';
import { IncidentActions } from '../../features/incidents/components/incident-actions';
import { IncidentDetail } from '../../features/incidents/components/incident-detail';
import { OutcomeBadge } from '../../features/incidents/components/outcome-badge';
import { VerificationBadge } from '../../features/incidents/components/verification-badge';
import { shortId } from '../../features/incidents/labels';
import { ApiError } from '../../lib/api-client';

/** One report in full, with the actions the user's role allows beside it. */
export function ReportScreen({ id, agreement, user }: { id: string; agreement: AgreementView; user: AuthUser }) {
  const incident = useIncident({ id });
  const list = useLiveIncidents(agreement.id);

  if (incident.isPending) return <StatusMessage>Loading the report…</StatusMessage>;
  if (incident.isError && !incident.data) {
    const missing = incident.error instanceof ApiError && (incident.error.statusCode === 404 || incident.error.statusCode === 400);
    return (
      <StatusMessage tone="error" action={missing ? undefined : { label: 'Try again', onClick: () => void incident.refetch() }}>
        {missing ? `There is no report ${id} that you may see.` : `Could not load the report. ${incident.error.message}`}
      </StatusMessage>
    );
  }
  const report = incident.data;
  return (
    <div className="screen screen--scroll report-screen">
      <ScreenHeader title={`${EVENT_TYPE_LABELS[report.eventType]} in ${governorateName(report.governorate)}`}>
        <span className="screen-header__meta">
          report <span className="mono">{shortId(report.id)}</span> <OutcomeBadge outcome={report.classification.outcome} reasons={[]} />{' '}
          <VerificationBadge state={report.verification} />
          {incident.isFetching && <span className="muted"> · refreshing…</span>}
        </span>
      </ScreenHeader>
      <div className="report-screen__grid">
        <IncidentDetail incident={report} agreement={agreement} />
        <aside className="report-screen__actions" aria-label="Actions">
          <IncidentActions incident={report} agreement={agreement} user={user} candidates={list.data?.items ?? []} />
        </aside>
      </div>
    </div>
  );
}
