import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../roles';

/**
 * The demo accounts a development or demo server seeds. A production server
 * seeds none, so picking one there simply fails to sign in.
 */
export function DemoAccountsHint({ onPick }: { onPick: (username: string) => void }) {
  return (
    <details className="demo-hint">
      <summary>Demo accounts</summary>
      <p>
        A demo server has one account per role, each with the password <code>{DEMO_PASSWORD}</code>. Pick one to
        fill in the form:
      </p>
      <ul>
        {DEMO_ACCOUNTS.map((account) => (
          <li key={account.username}>
            <button type="button" className="link-button" onClick={() => onPick(account.username)}>
              {account.username}
            </button>{' '}
            <span className="muted">{account.role}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
