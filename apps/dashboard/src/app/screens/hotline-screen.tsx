import { useCallback, useMemo } from 'react';
import { EVENT_TYPE_LABELS, governorateName, type AgreementView, type AuthUser } from '@truce-monitor/domain';
import { ScreenHeader } from '../../components/screen-header';
import { paths } from '../../config/paths';
import { HotlineView } from '../../features/hotline/components/hotline-view';
import { useLiveIncidents } from '../../features/incidents/api/get-incidents';
import { shortId } from '../../features/incidents/labels';
import { formatDamascusTime } from '../../lib/time';

/** How many of the newest reports the composer offers to refer to. */
const RECENT_REPORTS = 200;

/** The hotline, with the live reports for its messages to refer to. */
export default function HotlineScreen({ agreement, user, channel }: { agreement: AgreementView; user: AuthUser; channel: string | null }) {
  const incidents = useLiveIncidents(agreement.id);
  const items = incidents.data?.items;
  const byId = useMemo(() => new Map((items ?? []).map((i) => [i.id, i])), [items]);
  const label = useCallback(
    (id: string) => {
      const incident = byId.get(id);
      if (!incident) return `report ${shortId(id)}`;
      return `${EVENT_TYPE_LABELS[incident.eventType]} at ${incident.placeName ?? governorateName(incident.governorate)}, ${formatDamascusTime(incident.occurredAt)} (${shortId(id)})`;
    },
    [byId],
  );
  const reports = useMemo(() => (items ?? []).slice(0, RECENT_REPORTS).map((i) => ({ id: i.id, label: label(i.id) })), [items, label]);
  const describeReport = useCallback((id: string) => ({ label: label(id), href: paths.report(id) }), [label]);

  return (
    <div className="screen hotline-screen">
      <ScreenHeader title="Hotline">
        <span className="screen-header__meta">between the guarantors' militaries · what is said is kept as evidence</span>
      </ScreenHeader>
      <HotlineView agreement={agreement} user={user} channelId={channel} reports={reports} describeReport={describeReport} />
    </div>
  );
}
