import { createContext, useContext, useState, useSyncExternalStore, type ReactNode } from 'react';
import { createLiveConnectionStore, type LiveConnectionState, type LiveConnectionStore } from './connection-store';

const LiveConnectionContext = createContext<LiveConnectionStore | null>(null);

/** Holds the live connection's state for one signed-in session. */
export function LiveConnectionProvider({ children }: { children: ReactNode }) {
  const [store] = useState(createLiveConnectionStore);
  return <LiveConnectionContext.Provider value={store}>{children}</LiveConnectionContext.Provider>;
}

export function useLiveConnectionStore(): LiveConnectionStore {
  const store = useContext(LiveConnectionContext);
  if (!store) throw new Error('useLiveConnectionStore() must be used inside <LiveConnectionProvider>');
  return store;
}

/** The connection's status, last sequence number and last replay, re-rendering when they change. */
export function useLiveConnection(): LiveConnectionState {
  const store = useLiveConnectionStore();
  return useSyncExternalStore(store.subscribe, store.getState);
}
