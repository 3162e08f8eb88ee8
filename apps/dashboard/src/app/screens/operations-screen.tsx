import type { AgreementView, AuthUser } from '@truce-monitor/domain';
import { ScreenHeader } from '../../components/screen-header';
import { LiveFeed } from '../../features/incidents/components/live-feed';
import { OfficerQueue } from '../../features/incidents/components/officer-queue';
import { TodayCounters } from '../../features/incidents/components/today-counters';
import { LiveMapPanel } from '../components/live-map-panel';

/** The live view guarantor staff, reviewers and analysts watch: what awaits an answer, where things happen, what came in. */
export function OperationsScreen({ agreement, user }: { agreement: AgreementView; user: AuthUser }) {
  const officerOf = user.role === 'officer' ? user.guarantor : null;
  return (
    <div className="operations">
      <ScreenHeader title="Live operations">
        <TodayCounters agreement={agreement} guarantor={officerOf} />
      </ScreenHeader>
      <div className="operations__grid">
        <div className="operations__main">
          {officerOf && <OfficerQueue agreement={agreement} guarantor={officerOf} compact />}
          <LiveFeed agreement={agreement} />
        </div>
        <aside className="operations__side" aria-label="Map and timeline">
          <LiveMapPanel agreement={agreement} />
        </aside>
      </div>
    </div>
  );
}
