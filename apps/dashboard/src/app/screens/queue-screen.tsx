import type { AgreementView, AuthUser } from '@truce-monitor/domain';
import { ScreenHeader } from '../../components/screen-header';
import { StatusMessage } from '../../components/status-message';
import { OfficerQueue } from '../../features/incidents/components/officer-queue';

/** The officer's whole queue: to answer, to cross-confirm, answered. */
export function QueueScreen({ agreement, user }: { agreement: AgreementView; user: AuthUser }) {
  if (!user.guarantor) return <StatusMessage>Your account works for no guarantor, so nothing is routed to you.</StatusMessage>;
  const name = agreement.guarantors.find((g) => g.code === user.guarantor)?.name ?? user.guarantor;
  return (
    <div className="screen screen--scroll">
      <ScreenHeader title={`${name}'s queue`} />
      <OfficerQueue agreement={agreement} guarantor={user.guarantor} />
    </div>
  );
}
