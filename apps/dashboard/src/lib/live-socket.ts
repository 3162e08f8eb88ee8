import { io, type Socket } from 'socket.io-client';
import {
  LIVE_EVENT_TYPES,
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type LiveEvent,
  type LiveEventType,
  type ServerToClientEvents,
} from '@truce-monitor/domain';

/** A socket typed by the same event map the API's gateway emits with. */
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveSocketOptions {
  token: string;
  /**
   * The last sequence number this client has applied, or null if it has none
   * yet. Read again at every (re)connection, so the handshake always asks the
   * server for exactly the events missed while disconnected.
   */
  getLastSeq: () => number | null;
}

/** What a feature does with each kind of live event; a feature handles only the types it cares about. */
export type LiveEventHandlers = { [T in LiveEventType]?: (event: LiveEvent<T>) => void };

/** Hands an event to the handler of its type, if there is one. */
export function dispatchLiveEvent(handlers: LiveEventHandlers, event: LiveEvent): void {
  const handler = handlers[event.type] as ((event: LiveEvent) => void) | undefined;
  handler?.(event);
}

/** Creates (but does not connect) a socket to the `/live` namespace on this page's origin. */
export function createLiveSocket({ token, getLastSeq }: LiveSocketOptions): LiveSocket {
  return io(LIVE_NAMESPACE, {
    autoConnect: false,
    // WebSocket only: long-polling needs sticky sessions once several API
    // instances sit behind the proxy, and a WebSocket needs none.
    transports: ['websocket'],
    auth: (send) => {
      const after = getLastSeq();
      send(after === null ? { token } : { token, after });
    },
  });
}

/** Listens to every incident and hotline event with one handler; returns the unsubscribe. */
export function onLiveEvents(socket: LiveSocket, handler: (event: LiveEvent) => void): () => void {
  // One listener for the whole union of event types. socket.io's typed `on`
  // cannot take a union of event names, so this one loop uses the untyped view;
  // `ServerToClientEvents` guarantees every one of these carries a `LiveEvent`.
  const untyped = socket as unknown as Socket;
  for (const type of LIVE_EVENT_TYPES) untyped.on(type, handler);
  return () => {
    for (const type of LIVE_EVENT_TYPES) untyped.off(type, handler);
  };
}

/**
 * True when the server refused the connection because of the token (expired,
 * revoked), as opposed to a network failure, which socket.io retries itself.
 */
export function isAuthRefusal(error: Error & { data?: unknown }): boolean {
  const data = error.data as { statusCode?: unknown } | undefined;
  return data?.statusCode === 401 || /unauthori[sz]ed|authenticat|token|jwt/i.test(error.message);
}

/** Several features' handlers as one: each event goes to every feature that handles its type. */
export function combineHandlers(...all: LiveEventHandlers[]): LiveEventHandlers {
  const combined: Record<string, (event: LiveEvent) => void> = {};
  for (const type of LIVE_EVENT_TYPES) {
    const handlers = all.map((h) => h[type] as ((event: LiveEvent) => void) | undefined).filter((h) => h !== undefined);
    if (handlers.length > 0) combined[type] = (event) => handlers.forEach((h) => h(event));
  }
  return combined as LiveEventHandlers;
}
