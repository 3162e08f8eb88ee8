import type { AgreementView, AuthUser, VerificationState } from '@truce-monitor/domain';
import { ScreenHeader } from '../../components/screen-header';

export default function ReviewScreen({ state }: { agreement: AgreementView; user: AuthUser; state: VerificationState }) {
  return <ScreenHeader title={`Review queue: ${state}`} />;
}
