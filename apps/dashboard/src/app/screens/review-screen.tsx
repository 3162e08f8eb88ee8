import type { AgreementView, AuthUser, VerificationState } from '@truce-monitor/domain';
import { ScreenHeader } from '../../components/screen-header';
import { ReviewQueue } from '../../features/incidents/components/review-queue';

/** The reviewer's start screen: reports by verification state, moved in bulk along the allowed transitions. */
export default function ReviewScreen({ agreement, state }: { agreement: AgreementView; user: AuthUser; state: VerificationState }) {
  return (
    <div className="screen">
      <ScreenHeader title="Review queue" />
      <ReviewQueue agreement={agreement} state={state} />
    </div>
  );
}
