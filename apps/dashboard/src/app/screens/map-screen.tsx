import type { AgreementView } from '@truce-monitor/domain';
import { ScreenHeader } from '../../components/screen-header';
import { LiveMapPanel } from '../components/live-map-panel';

/** The map on its own, full height: `?focus=<report id>` centres on one report and opens it. */
export default function MapScreen({ agreement, focus }: { agreement: AgreementView; focus: string | null }) {
  return (
    <div className="screen map-screen">
      <ScreenHeader title="Map of reports" hidden />
      <LiveMapPanel agreement={agreement} focus={focus} tall />
    </div>
  );
}
