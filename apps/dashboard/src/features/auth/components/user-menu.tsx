import { useCurrentUser } from '../session-store';
import { useSignOut } from '../use-sign-out';
import { ROLE_LABELS } from '../roles';

interface UserMenuProps {
  /** Resolves a guarantor code to its name (from the agreement); the code alone is shown otherwise. */
  guarantorName?: (code: string) => string | undefined;
}

/** Who is signed in, in which role and for which guarantor, and the way out. */
export function UserMenu({ guarantorName }: UserMenuProps) {
  const user = useCurrentUser();
  const signOut = useSignOut();
  const guarantor = user.guarantor ? (guarantorName?.(user.guarantor) ?? user.guarantor) : null;

  return (
    <div className="user-menu" data-testid="user-menu">
      <span className="user-menu__identity">
        <span className="user-menu__name">{user.username}</span>
        <span className="user-menu__role">
          {ROLE_LABELS[user.role]}
          {guarantor && (
            <>
              {' · '}
              <span data-testid="user-guarantor" title={`Works for the guarantor ${guarantor}`}>
                {guarantor}
              </span>
            </>
          )}
        </span>
      </span>
      <button type="button" className="button button--secondary" onClick={signOut}>
        Sign out
      </button>
    </div>
  );
}
