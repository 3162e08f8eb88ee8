import type { AgreementView, AuthUser } from '@truce-monitor/domain';
import type { AdminSection } from '../../config/paths';
import { ScreenHeader } from '../../components/screen-header';

export default function AdminScreen(_props: { agreement: AgreementView; user: AuthUser; section: AdminSection }) {
  return (
    <div className="screen">
      <ScreenHeader title="Administration" />
    </div>
  );
}
