import { useMemo, useRef } from 'react';
import type { FilingFormValues } from './filing-values';

const keyFor = (userId: string) => `truce-monitor.filing-draft.${userId}`;
const SAVE_AFTER_MS = 400;

interface StoredDraft {
  agreementId: string;
  savedAt: string;
  values: FilingFormValues;
}

/**
 * The report being typed, kept in this tab (sessionStorage, like the
 * session): a reload, an expired session or a crash of the page loses nothing.
 * It dies with the tab; a submitted report lives on in the outbox instead.
 */
export function useDraft(userId: string, agreementId: string) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  return useMemo(() => {
    let stored: StoredDraft | null = null;
    try {
      const raw = sessionStorage.getItem(keyFor(userId));
      stored = raw ? (JSON.parse(raw) as StoredDraft) : null;
    } catch {
      stored = null;
    }
    const usable = stored && stored.agreementId === agreementId ? stored : null;
    return {
      initial: usable?.values ?? null,
      restoredAt: usable?.savedAt ?? null,
      save(values: FilingFormValues) {
        clearTimeout(timer.current);
        timer.current = setTimeout(() => {
          try {
            const draft: StoredDraft = { agreementId, savedAt: new Date().toISOString(), values };
            sessionStorage.setItem(keyFor(userId), JSON.stringify(draft));
          } catch {
            // Storage full or unavailable: the form still holds the values.
          }
        }, SAVE_AFTER_MS);
      },
      clear() {
        clearTimeout(timer.current);
        try {
          sessionStorage.removeItem(keyFor(userId));
        } catch {
          // nothing kept, nothing to clear
        }
      },
    };
  }, [userId, agreementId]);
}
