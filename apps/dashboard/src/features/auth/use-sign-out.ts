import { logout } from './api/logout';
import { sessionStore } from './session-store';

/** Ends the session here at once, and on the server as far as it can be reached. */
export function useSignOut(): () => void {
  return () => {
    // Fired before the session ends, so it still carries the token; its outcome
    // changes nothing here (an unreachable server must not keep anyone signed in).
    logout().catch(() => undefined);
    sessionStore.end('signed_out');
  };
}
