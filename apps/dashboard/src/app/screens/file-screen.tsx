import type { AgreementView, AuthUser } from '@truce-monitor/domain';
import { ScreenHeader } from '../../components/screen-header';

export default function FileScreen({ agreement }: { agreement: AgreementView; user: AuthUser }) {
  return <ScreenHeader title={`File a report — ${agreement.name}`} />;
}
