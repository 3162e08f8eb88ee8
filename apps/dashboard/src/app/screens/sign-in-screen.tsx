import { SignInForm } from '../../features/auth/components/sign-in-form';
import { sessionStore } from '../../features/auth/session-store';

export function SignInScreen() {
  const expired = sessionStore.endReason() === 'expired';
  return (
    <main className="sign-in-screen">
      <div className="sign-in-card">
        <h1 className="brand brand--large">Truce Monitor</h1>
        <p className="muted">Cease-fire compliance, watched live. Sign in to continue.</p>
        {expired && (
          <p className="notice" role="status" data-testid="session-expired">
            Your session has ended. Please sign in again.
          </p>
        )}
        <SignInForm />
      </div>
    </main>
  );
}
