import { useSyncExternalStore } from 'react';
import type { AuthUser, LoginResponse } from '@truce-monitor/domain';

/** Who is signed in in this tab, and the bearer token every API call and the live socket carry. */
export type Session = LoginResponse;

// sessionStorage, not localStorage: the token dies with the tab, and two tabs
// may be signed in as two different roles (an officer next to a reviewer).
const STORAGE_KEY = 'truce-monitor.session';

/** Why the last session ended, so the sign-in form can say "your session expired" rather than nothing. */
export type SessionEndReason = 'signed_out' | 'expired';

const listeners = new Set<() => void>();
let current: Session | null = readStoredSession();
let lastEndReason: SessionEndReason | null = null;

/** The session as a tiny external store, so the API client (outside React) and components read the same value. */
export const sessionStore = {
  get: (): Session | null => current,
  token: (): string | null => current?.accessToken ?? null,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Why the last session of this page ended; null if none has. */
  endReason: (): SessionEndReason | null => lastEndReason,
  start(session: Session): void {
    lastEndReason = null;
    write(session);
    update(session);
  },
  end(reason: SessionEndReason = 'signed_out'): void {
    if (!current) return;
    lastEndReason = reason;
    write(null);
    update(null);
  },
};

export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
}

/** The signed-in user; only for components that render after sign-in. */
export function useCurrentUser(): AuthUser {
  const session = useSession();
  if (!session) throw new Error('useCurrentUser() used outside a signed-in screen');
  return session.user;
}

function update(next: Session | null): void {
  current = next;
  for (const listener of listeners) listener();
}

function write(session: Session | null): void {
  try {
    if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage can be unavailable (private mode, quota); the session then lasts as long as the page.
  }
}

function readStoredSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Partial<Session>;
    if (typeof session.accessToken !== 'string' || typeof session.user?.username !== 'string') return null;
    // An expired token would only earn a 401 on the first call: start at the sign-in form instead.
    return isExpired(session.accessToken) ? null : (session as Session);
  } catch {
    return null;
  }
}

/** Reads a JWT's `exp` claim without verifying it (the server verifies); a token that is not a JWT never expires here. */
function isExpired(token: string): boolean {
  const payload = token.split('.')[1];
  if (!payload) return false;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const { exp } = JSON.parse(json) as { exp?: unknown };
    return typeof exp === 'number' && exp * 1000 <= Date.now();
  } catch {
    return false;
  }
}
