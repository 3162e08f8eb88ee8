import { useCallback } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { AgreementView, AuthUser } from '@truce-monitor/domain';
import { ScreenHeader } from '../../components/screen-header';
import { ADMIN_SECTIONS, paths, type AdminSection } from '../../config/paths';
import { ExclusionsSection } from '../../features/admin/components/exclusions-section';
import { PartiesSection } from '../../features/admin/components/parties-section';
import { UsersSection } from '../../features/admin/components/users-section';
import { agreementKeys } from '../../features/agreement/api/agreement-keys';
import { Link } from '../../lib/router';

const SECTION_LABELS: Record<AdminSection, string> = {
  parties: 'Parties and signatory status',
  exclusions: 'Exclusions and designations',
  users: 'Users',
};

/** The administrator's screen: the truce registry (parties, statuses, exclusions, positions) and the accounts. */
export default function AdminScreen({ agreement, user, section }: { agreement: AgreementView; user: AuthUser; section: AdminSection }) {
  const queryClient = useQueryClient();
  // Every registry change is announced live to everyone too; this makes the admin's own screen follow at once.
  const onChanged = useCallback(() => void queryClient.invalidateQueries({ queryKey: agreementKeys.all }), [queryClient]);
  return (
    <div className="screen screen--scroll admin-screen">
      <ScreenHeader title="Administration">
        <span className="screen-header__meta">{agreement.name} · times in Damascus (hover for UTC)</span>
      </ScreenHeader>
      <nav className="state-tabs" aria-label="Administration sections">
        <ul>
          {ADMIN_SECTIONS.map((s) => (
            <li key={s}>
              <Link to={paths.admin(s)} className="state-tabs__link" aria-current={s === section ? 'page' : undefined} data-testid={`admin-tab-${s}`}>
                {SECTION_LABELS[s]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {section === 'parties' && <PartiesSection agreement={agreement} onChanged={onChanged} />}
      {section === 'exclusions' && <ExclusionsSection agreement={agreement} onChanged={onChanged} />}
      {section === 'users' && <UsersSection me={user} />}
    </div>
  );
}
