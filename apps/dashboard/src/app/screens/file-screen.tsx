import { lazy, Suspense, useCallback, useState } from 'react';
import type { AgreementView, AuthUser } from '@truce-monitor/domain';
import { ScreenHeader } from '../../components/screen-header';
import { StatusMessage } from '../../components/status-message';
import { paths } from '../../config/paths';
import { FilingForm, type MapSlot } from '../../features/filing/components/filing-form';
import { OutboxList } from '../../features/filing/components/outbox-list';
import type { OutboxEntry } from '../../features/filing/outbox';
import { CompactReportList } from '../../features/incidents/components/compact-report-list';
import { Link } from '../../lib/router';

const IncidentsMap = lazy(() => import('../../features/map/incidents-map'));

/** The monitor's screen: the report form, what waits on this device, and the reports already filed. */
export default function FileScreen({ agreement, user }: { agreement: AgreementView; user: AuthUser }) {
  const [reopen, setReopen] = useState<{ entry: OutboxEntry; nonce: number } | null>(null);
  const reportLink = useCallback((id: string, text: string) => <Link to={paths.report(id)}>{text}</Link>, []);
  const renderMap = useCallback<MapSlot>(
    ({ picked, onPick }) => (
      <Suspense fallback={<StatusMessage>Loading the map…</StatusMessage>}>
        <IncidentsMap incidents={[]} describe={() => ''} picked={picked} onPick={onPick} label="Map of Syria: click to set the point" />
      </Suspense>
    ),
    [],
  );
  return (
    <div className="screen screen--scroll file-screen">
      <ScreenHeader title="File a report" />
      <div className="file-screen__grid">
        <FilingForm agreement={agreement} user={user} renderMap={renderMap} reopen={reopen} reportLink={reportLink} />
        <div className="file-screen__side">
          <OutboxList onReopen={(entry) => setReopen({ entry, nonce: Date.now() })} reportLink={reportLink} />
          <CompactReportList agreement={agreement} title={user.role === 'monitor' ? 'My reports' : 'Latest reports'} />
        </div>
      </div>
    </div>
  );
}
