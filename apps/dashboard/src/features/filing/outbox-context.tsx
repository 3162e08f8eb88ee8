import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { IncidentView } from '@truce-monitor/domain';
import { createOutbox, type Outbox, type OutboxEntry } from './outbox';

const OutboxContext = createContext<Outbox | null>(null);

/** How often waiting reports are tried again while the browser believes it is online. */
const RETRY_EVERY_MS = 10_000;

/** The signed-in user's offline queue, for as long as the session lasts. */
export function OutboxProvider({ userId, onAccepted, children }: { userId: string; onAccepted: (incident: IncidentView) => void; children: ReactNode }) {
  // Holds no timer and no open channel of its own (those live with what uses it), so it needs no closing.
  const [outbox] = useState(() => createOutbox(userId, onAccepted));
  return <OutboxContext.Provider value={outbox}>{children}</OutboxContext.Provider>;
}

export function useOutbox(): Outbox {
  const outbox = useContext(OutboxContext);
  if (!outbox) throw new Error('useOutbox() must be used inside <OutboxProvider>');
  return outbox;
}

export function useOutboxEntries(): { entries: readonly OutboxEntry[]; loaded: boolean } {
  const outbox = useOutbox();
  const entries = useSyncExternalStore(outbox.subscribe, outbox.getEntries);
  const loaded = useSyncExternalStore(outbox.subscribe, outbox.isLoaded);
  return { entries, loaded };
}

/**
 * Sends what waits, whatever screen is open: at once when the browser comes
 * back online, on start, and every few seconds while something still waits.
 * Renders nothing.
 */
export function OutboxEffect() {
  const outbox = useOutbox();
  useEffect(() => {
    const flush = () => void outbox.flush();
    const online = () => void outbox.flush({ force: true });
    window.addEventListener('online', online);
    const timer = setInterval(() => {
      if (navigator.onLine && outbox.getEntries().some((e) => e.status === 'waiting')) flush();
    }, RETRY_EVERY_MS);
    flush();
    return () => {
      window.removeEventListener('online', online);
      clearInterval(timer);
    };
  }, [outbox]);
  return null;
}
