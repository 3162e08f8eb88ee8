import type { AgreementView } from '@truce-monitor/domain';
import { AgreementTitle } from '../../features/agreement/components/agreement-title';
import { guarantorName } from '../../features/agreement/agreement-summary';
import { UserMenu } from '../../features/auth/components/user-menu';
import { ConnectionIndicator } from '../../features/live/components/connection-indicator';

/** Product, watched agreement, live connection and the signed-in user, always in view. */
export function TopBar({ agreement }: { agreement: AgreementView | undefined }) {
  return (
    <header className="top-bar">
      <span className="brand">Truce Monitor</span>
      <span className="top-bar__divider" aria-hidden="true" />
      <AgreementTitle agreement={agreement} />
      <span className="top-bar__spacer" />
      <ConnectionIndicator />
      <UserMenu guarantorName={(code) => guarantorName(agreement, code)} />
    </header>
  );
}
