import { useEffect, useRef } from 'react';
import {
  createLiveSocket,
  dispatchLiveEvent,
  isAuthRefusal,
  onLiveEvents,
  type LiveEventHandlers,
} from '../../../lib/live-socket';
import type { ConnectionStatus } from '../connection-store';
import { useLiveConnectionStore } from '../live-connection-context';

/** How long to wait before trying again after the server refused or closed the connection (not for the token). */
const RETRY_AFTER_REFUSAL_MS = 5_000;

interface LiveEventsEffectProps {
  token: string;
  /** What each feature does with the events it cares about (e.g. write them into the query cache). */
  handlers: LiveEventHandlers;
  /**
   * Called once the server has started sending live events to a socket that
   * had no sequence number to resume from: anything that happened before is
   * not replayed, so caches fetched earlier must be fetched again.
   */
  onResync: () => void;
  /** The server refused the token: the session is over. */
  onUnauthorized: () => void;
}

/**
 * Owns the live socket for as long as it is mounted, and renders nothing. It
 * remembers the last sequence number so that every reconnection resumes
 * exactly after it, hands events to the features, and publishes the
 * connection state for the indicator.
 */
export function LiveEventsEffect({ token, handlers, onResync, onUnauthorized }: LiveEventsEffectProps) {
  const store = useLiveConnectionStore();
  // The latest callbacks, without reconnecting the socket when their identity changes.
  const callbacks = useRef({ handlers, onResync, onUnauthorized });
  useEffect(() => {
    callbacks.current = { handlers, onResync, onUnauthorized };
  });

  useEffect(() => {
    const socket = createLiveSocket({ token, getLastSeq: store.lastSeq });
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const currentStatus = (): ConnectionStatus => {
      // The browser knows it has no network before the socket's heartbeat notices.
      if (!navigator.onLine) return 'offline';
      if (socket.connected) return 'live';
      // `active` is false once socket.io has stopped retrying by itself (refused, or closed by the server).
      return socket.active ? 'reconnecting' : 'offline';
    };
    const publishStatus = () => store.setStatus(currentStatus());
    const connect = () => {
      clearTimeout(retryTimer);
      if (!socket.active) socket.connect();
      publishStatus();
    };
    const retryLater = () => {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(connect, RETRY_AFTER_REFUSAL_MS);
    };

    // True from a connection made with nothing to resume from until the server says live delivery started.
    let freshStart = false;
    socket.on('connect', () => {
      publishStatus();
      freshStart = store.lastSeq() === null;
    });
    socket.on('disconnect', (reason) => {
      publishStatus();
      // The server closed the socket (a restart, a deploy): socket.io does not retry that by itself.
      if (reason === 'io server disconnect') retryLater();
    });
    socket.on('connect_error', (error) => {
      publishStatus();
      if (socket.active) return; // a network failure: socket.io retries with back-off
      if (isAuthRefusal(error)) callbacks.current.onUnauthorized();
      else retryLater();
    });
    socket.on('live.replayed', (info) => {
      if (!freshStart) {
        store.recordReplay(info);
        return;
      }
      // Live delivery runs from here on (the server joined this socket's rooms
      // before saying so); a fetch started now cannot miss anything.
      freshStart = false;
      store.startAt(info.lastSeq);
      callbacks.current.onResync();
    });
    socket.on('live.error', (error) => console.warn('Live connection: the server reported a problem', error));
    const stopListening = onLiveEvents(socket, (event) => {
      if (store.accept(event.seq)) dispatchLiveEvent(callbacks.current.handlers, event);
    });

    window.addEventListener('online', connect);
    window.addEventListener('offline', publishStatus);
    connect();

    return () => {
      clearTimeout(retryTimer);
      window.removeEventListener('online', connect);
      window.removeEventListener('offline', publishStatus);
      stopListening();
      socket.removeAllListeners();
      socket.disconnect();
      store.setStatus('offline');
    };
  }, [token, store]);

  return null;
}
