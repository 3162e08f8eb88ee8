import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import type { Namespace } from 'socket.io';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config.js';
import { EVENTS_CHANNEL, EVENTS_ORIGIN, EventLogService, type LoggedEvent, MAX_EVENTS_PER_READ } from './event-log.service.js';

const HEALTH_CHECK_MS = 5_000;
const MAX_RECONNECT_DELAY_MS = 5_000;
/** How long a notification of this process's own commit waits for the events to arrive from memory before the log is read. */
const OWN_COMMIT_GRACE_MS = 200;

/**
 * Carries committed events to this instance's sockets, in sequence order,
 * each once. Events this instance committed are emitted straight from memory;
 * for the others, one dedicated connection LISTENs and a notification (one per
 * committing transaction, however many events it wrote, carrying its last
 * sequence number) makes us read the log after the last event delivered. The
 * connection is health-checked; when it drops we reconnect and catch up from
 * the log, so a lost notification never loses an event.
 */
@Injectable()
export class LiveFanoutService implements OnApplicationShutdown {
  private readonly logger = new Logger('LiveFanout');
  private namespace: Namespace | null = null;
  private client: pg.Client | null = null;
  private healthTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay = 250;
  private stopped = false;
  private draining: Promise<void> | null = null;
  private drainAgain = false;
  private readLogRequested = false;
  /** Every event up to this sequence number has been emitted to this instance's rooms. */
  private head = 0;
  /** The highest sequence number known to be committed (from notifications and local commits). */
  private knownHead = 0;
  /** Events committed by this instance and not yet emitted, by sequence number. */
  private readonly committedHere = new Map<number, LoggedEvent>();
  private listening = false;

  constructor(
    private readonly log: EventLogService,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  get deliveredHead(): number {
    return this.head;
  }

  get isListening(): boolean {
    return this.listening;
  }

  async start(namespace: Namespace): Promise<void> {
    this.namespace = namespace;
    this.head = await this.log.lastSeq();
    this.knownHead = this.head;
    this.log.onCommitted((events) => {
      for (const event of events) {
        if (event.seq > this.head) this.committedHere.set(event.seq, event);
        this.knownHead = Math.max(this.knownHead, event.seq);
      }
      this.drain();
    });
    await this.connect();
    this.healthTimer = setInterval(() => void this.healthCheck(), HEALTH_CHECK_MS);
    this.healthTimer.unref();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'truce-live-listener' });
    client.on('notification', (message) => {
      const [seqText, origin] = (message.payload ?? '').split(' ');
      const seq = Number(seqText) || 0;
      if (origin === EVENTS_ORIGIN) {
        // Committed here: the commit hands the events over from memory, usually a moment after this
        // notification. Read the log only if it has not within a grace period (a commit whose answer was lost).
        setTimeout(() => {
          if (this.head >= seq || this.stopped) return;
          this.knownHead = Math.max(this.knownHead, seq);
          this.drain();
        }, OWN_COMMIT_GRACE_MS).unref();
        return;
      }
      this.knownHead = Math.max(this.knownHead, seq);
      this.drain();
    });
    client.on('error', (error) => this.onConnectionLost(client, error));
    client.on('end', () => this.onConnectionLost(client, new Error('listener connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      this.onConnectionLost(client, error);
      return;
    }
    this.client = client;
    this.listening = true;
    this.reconnectDelay = 250;
    this.logger.log('listening for committed events');
    this.drain(true); // catch up on anything committed while we were not listening
  }

  private onConnectionLost(client: pg.Client, error: unknown): void {
    if (this.client !== null && this.client !== client) return;
    if (this.reconnectTimer || this.stopped) return;
    this.listening = false;
    this.client = null;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    this.logger.warn(`listener connection lost (${error instanceof Error ? error.message : String(error)}); reconnecting`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, this.reconnectDelay);
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, MAX_RECONNECT_DELAY_MS);
  }

  private async healthCheck(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      await client.query('SELECT 1');
      this.drain(true); // a safety net: costs one indexed read when nothing is new
    } catch (error) {
      this.onConnectionLost(client, error);
    }
  }

  /**
   * Emits everything after `head` in order: from memory while the next event
   * was committed here, from the log otherwise (or always, when `readLog`).
   * Concurrent calls coalesce into one more pass.
   */
  drain(readLog = false): void {
    this.readLogRequested ||= readLog;
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = (async () => {
      do {
        this.drainAgain = false;
        const mustRead = this.readLogRequested;
        this.readLogRequested = false;
        try {
          for (;;) {
            this.emitCommittedHere();
            if (!mustRead && this.knownHead <= this.head) break;
            const events = await this.log.readAfterWithAudience(this.head);
            if (events[0] && events[0].seq !== this.head + 1) {
              // The log is gapless by construction; should a number ever be missing, say so rather than stall.
              this.logger.error(`event log gap: expected ${this.head + 1}, found ${events[0].seq}`);
              this.head = events[0].seq - 1;
            }
            for (const event of events) this.emit(event);
            this.emitCommittedHere();
            if (events.length < MAX_EVENTS_PER_READ) break;
          }
        } catch (error) {
          this.logger.warn(`could not read the event log: ${error instanceof Error ? error.message : String(error)}`);
        }
      } while (this.drainAgain && !this.stopped);
    })().finally(() => {
      this.draining = null;
    });
  }

  private emitCommittedHere(): void {
    for (let next = this.committedHere.get(this.head + 1); next; next = this.committedHere.get(this.head + 1)) this.emit(next);
    for (const seq of this.committedHere.keys()) if (seq <= this.head) this.committedHere.delete(seq);
  }

  private emit({ audience, ...event }: LoggedEvent): void {
    if (event.seq !== this.head + 1) return; // already emitted (or not yet contiguous: the log read will bring it)
    this.namespace?.to(audience).emit(event.type, event);
    this.head = event.seq;
    this.committedHere.delete(event.seq);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.healthTimer) clearInterval(this.healthTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
    await this.draining;
  }
}
