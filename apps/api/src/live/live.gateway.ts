import { Inject, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config.js';
import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import {
  type AuthUser,
  type ClientToServerEvents,
  LIVE_NAMESPACE,
  type ServerToClientEvents,
  resumeRequestSchema,
  toFieldProblems,
} from '@truce-monitor/domain';
import type { Namespace, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service.js';
import { roomsOf } from './audience.js';
import { EventLogService, MAX_EVENTS_PER_READ } from './event-log.service.js';
import { LiveFanoutService } from './live-fanout.service.js';

interface SocketData {
  user: AuthUser;
  tokenVersion: number;
  rooms: string[];
  /** The last sequence number this socket holds (after a replay). */
  lastSeq: number;
}
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The largest socket.io frame a dashboard may send; anything bigger closes that socket only. */
export const MAX_SOCKET_FRAME_BYTES = 16 * 1024;

/**
 * socket.io namespace `/live`. The token is checked at the handshake (a bad
 * one is a `connect_error`); a socket joins only the rooms its account may
 * see; a client that says which `seq` it holds (handshake `auth.after` or a
 * `resume` message) first receives exactly the events it missed, in order,
 * and only then joins its rooms for live events, so nothing falls in the seam.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE, serveClient: false })
export class LiveGateway implements OnGatewayInit<LiveNamespace>, OnApplicationShutdown {
  private readonly logger = new Logger('LiveGateway');
  private sessionCheck: NodeJS.Timeout | null = null;

  constructor(
    private readonly auth: AuthService,
    private readonly log: EventLogService,
    private readonly fanout: LiveFanoutService,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async afterInit(namespace: LiveNamespace): Promise<void> {
    // The frame limit and the Origin check are set on the server itself (LiveIoAdapter).
    namespace.use((socket, next) => {
      void this.authenticate(socket as LiveSocket).then(
        () => next(),
        (error: Error) => next(error),
      );
    });
    namespace.on('connection', (socket: LiveSocket) => this.onConnection(socket));
    await this.fanout.start(namespace as unknown as Namespace);
    this.sessionCheck = setInterval(() => void this.dropRevokedSessions(namespace), this.config.LIVE_SESSION_CHECK_SECONDS * 1000);
    this.sessionCheck.unref();
  }

  onApplicationShutdown(): void {
    if (this.sessionCheck) clearInterval(this.sessionCheck);
  }

  /** A socket of an account disabled or logged out since it connected is closed (one query for all sockets). */
  async dropRevokedSessions(namespace: LiveNamespace): Promise<number> {
    const sockets = [...namespace.sockets.values()].filter((s) => s.data?.user);
    try {
      const revoked = await this.auth.revoked(sockets.map((s) => ({ userId: s.data.user.id, tokenVersion: s.data.tokenVersion })));
      const dropped = sockets.filter((s) => revoked.has(s.data.user.id));
      for (const socket of dropped) {
        socket.emit('live.error', { message: 'session ended: signed out or disabled' });
        socket.disconnect(true);
      }
      return dropped.length;
    } catch (error) {
      this.logger.warn(`session check failed: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
  }

  private async authenticate(socket: LiveSocket): Promise<void> {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token.length === 0) throw new Error('unauthorized: send auth.token');
    const user = await this.auth.authenticate(token);
    if (!user) {
      this.logger.warn({ event: 'socket_refused', address: socket.handshake.address }, 'refused');
      throw new Error('unauthorized: the token is invalid or expired');
    }
    const { tokenExpiresAt, tokenVersion, ...account } = user;
    socket.data = { user: account, tokenVersion, rooms: roomsOf(account), lastSeq: 0 };
    // A socket lives no longer than its token.
    const timer = setTimeout(() => socket.disconnect(true), Math.max(0, tokenExpiresAt - Date.now()));
    timer.unref();
    socket.once('disconnect', () => clearTimeout(timer));
  }

  private onConnection(socket: LiveSocket): void {
    // A socket that floods us is dropped; the server and the other sockets carry on.
    let windowStart = Date.now();
    let inWindow = 0;
    socket.onAny((event: string) => {
      const now = Date.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        inWindow = 0;
      }
      if (++inWindow > this.config.SOCKET_EVENTS_PER_SECOND) {
        this.logger.warn({ event: 'socket_flood', userId: socket.data.user.id }, 'dropped');
        socket.disconnect(true);
        return;
      }
      if (event !== 'resume') socket.emit('live.error', { message: `unknown event "${event}"` });
    });
    socket.on('resume', (request: unknown) => void this.resume(socket, request));

    const after = (socket.handshake.auth as { after?: unknown } | undefined)?.after;
    if (after === undefined || after === null) {
      // A client with no history starts from now; it learns where "now" is so it can resume later.
      const head = this.fanout.deliveredHead;
      void socket.join(socket.data.rooms);
      socket.data.lastSeq = head;
      socket.emit('live.replayed', { after: head, count: 0, lastSeq: head });
      return;
    }
    void this.resume(socket, { after });
  }

  private async resume(socket: LiveSocket, request: unknown): Promise<void> {
    const parsed = resumeRequestSchema.safeParse(request);
    if (!parsed.success) {
      const [problem] = toFieldProblems(parsed.error.issues);
      socket.emit('live.error', { message: `resume refused: ${problem?.field} ${problem?.problem}`, field: problem?.field });
      return;
    }
    const { after } = parsed.data;
    // Stop live delivery while catching up; rejoin in the same tick as the last check.
    for (const room of socket.data.rooms) void socket.leave(room);
    let cursor = after;
    let count = 0;
    try {
      for (;;) {
        const upTo = this.fanout.deliveredHead;
        if (cursor >= upTo) break;
        const events = await this.log.readAfter(cursor, { rooms: socket.data.rooms, upTo });
        for (const event of events) {
          socket.emit(event.type, event as never);
          count += 1;
        }
        // Events between the last visible one and upTo were not for this socket.
        cursor = events.length === MAX_EVENTS_PER_READ ? events[events.length - 1]!.seq : upTo;
        if (!socket.connected) return;
      }
    } catch (error) {
      this.logger.warn(`replay failed: ${error instanceof Error ? error.message : String(error)}`);
      socket.emit('live.error', { message: 'replay failed; reconnect to try again' });
      socket.disconnect(true);
      return;
    }
    socket.data.lastSeq = cursor;
    void socket.join(socket.data.rooms);
    socket.emit('live.replayed', { after, count, lastSeq: cursor });
  }
}
