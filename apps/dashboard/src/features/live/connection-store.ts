/**
 * What the live connection is doing: `live` (connected), `reconnecting`
 * (trying to connect; missed events will be replayed) or `offline` (not
 * trying: no network, or the server refused).
 */
export type ConnectionStatus = 'live' | 'reconnecting' | 'offline';

export interface LiveConnectionState {
  status: ConnectionStatus;
  /** The sequence number of the last event applied; null until the first event or replay. */
  lastSeq: number | null;
  /** The last replay of missed events the server reported (`live.replayed`). */
  lastReplay: { count: number; at: string } | null;
}

export type LiveConnectionStore = ReturnType<typeof createLiveConnectionStore>;

/** A small external store, read by components through `useSyncExternalStore`, written by `LiveEventsEffect`. */
export function createLiveConnectionStore() {
  let state: LiveConnectionState = { status: 'offline', lastSeq: null, lastReplay: null };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<LiveConnectionState>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };

  return {
    getState: (): LiveConnectionState => state,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    lastSeq: (): number | null => state.lastSeq,
    setStatus(status: ConnectionStatus): void {
      if (status !== state.status) set({ status });
    },
    /**
     * Records an event's sequence number; false if it was already applied.
     * Sequence numbers rise in commit order, so anything at or below the last
     * one is a repeat (a replay overlapping what already came live).
     */
    accept(seq: number): boolean {
      if (state.lastSeq !== null && seq <= state.lastSeq) return false;
      set({ lastSeq: seq });
      return true;
    },
    /** A fresh connection: live events start after `lastSeq`; nothing was replayed. */
    startAt(lastSeq: number): void {
      if (state.lastSeq === null || lastSeq > state.lastSeq) set({ lastSeq });
    },
    recordReplay({ count, lastSeq }: { count: number; lastSeq: number }): void {
      set({
        lastReplay: { count, at: new Date().toISOString() },
        lastSeq: state.lastSeq === null ? lastSeq : Math.max(state.lastSeq, lastSeq),
      });
    },
  };
}
