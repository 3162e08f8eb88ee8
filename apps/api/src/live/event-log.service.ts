import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner } from 'typeorm';
import type { LiveEvent, LiveEventPayloads, LiveEventType } from '@truce-monitor/domain';
import type { Statement } from '../database/statements.js';
import { EventLogEntity } from './event-log.entity.js';

export const EVENTS_CHANNEL = 'truce_events';
/**
 * Names this process in the NOTIFY it sends (`<last seq> <origin>`), so its
 * own listener knows those events will reach it from memory at the commit and
 * need not be read back from the log.
 */
export const EVENTS_ORIGIN = randomUUID();
export const MAX_EVENTS_PER_READ = 1000;

export interface NewEvent<T extends LiveEventType = LiveEventType> {
  type: T;
  audience: string[];
  /** Must already be fit for every room in the audience (no monitor identity). */
  data: LiveEventPayloads[T];
}

/**
 * The durable event log. Events are appended in the transaction of the change
 * they describe; their numbers come from a counter row that transaction locks,
 * so they are gapless and become visible in order. NOTIFY, sent in the same
 * transaction, is delivered only on commit.
 */
/** An event as the log holds it, with the rooms that may see it. */
export type LoggedEvent = LiveEvent & { audience: string[] };

@Injectable()
export class EventLogService implements OnModuleInit {
  /** Events appended in a transaction still open, by its query runner; published when it commits. */
  private readonly uncommitted = new WeakMap<QueryRunner, LoggedEvent[]>();
  private readonly committedListeners = new Set<(events: LoggedEvent[]) => void>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Hears every transaction's end: the events it appended are handed to this
   * instance's fan-out as soon as it has committed (no need to read them back),
   * and forgotten if it rolled back, since their numbers will be reused.
   */
  onModuleInit(): void {
    const take = (queryRunner: QueryRunner | undefined) => {
      if (!queryRunner || queryRunner.isTransactionActive) return undefined; // a savepoint, not the end
      const events = this.uncommitted.get(queryRunner);
      this.uncommitted.delete(queryRunner);
      return events;
    };
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: (event) => {
        const events = take(event.queryRunner);
        if (events) for (const listener of this.committedListeners) listener(events);
      },
      afterTransactionRollback: (event) => void take(event.queryRunner),
    };
    this.dataSource.subscribers.push(subscriber);
  }

  /** Called with the events of every transaction this instance commits, in commit order. */
  onCommitted(listener: (events: LoggedEvent[]) => void): void {
    this.committedListeners.add(listener);
  }

  async append(manager: EntityManager, events: NewEvent[]): Promise<number[]> {
    if (events.length === 0) return [];
    const at = new Date();
    const { text, values } = appendEventsStatement(events, at);
    const [row] = (await manager.query(text, values as unknown[])) as { last_seq: string }[];
    const logged = loggedEvents(events, Number(row?.last_seq), at);
    const runner = manager.queryRunner;
    if (runner) this.uncommitted.set(runner, [...(this.uncommitted.get(runner) ?? []), ...logged]);
    return logged.map((e) => e.seq);
  }

  /**
   * Hands events appended by a transaction run outside TypeORM (see
   * runTogether) to this instance's fan-out, once that transaction has committed.
   */
  publishCommitted(events: LoggedEvent[]): void {
    if (events.length === 0) return;
    for (const listener of this.committedListeners) listener(events);
  }

  /** Events after `after` (up to `upTo`, inclusive), oldest first; only those whose audience meets `rooms` when given. */
  async readAfter(after: number, options: { rooms?: string[]; upTo?: number; limit?: number } = {}): Promise<LiveEvent[]> {
    const qb = this.dataSource
      .getRepository(EventLogEntity)
      .createQueryBuilder('e')
      .where('e.seq > :after', { after })
      .orderBy('e.seq', 'ASC')
      .limit(Math.min(options.limit ?? MAX_EVENTS_PER_READ, MAX_EVENTS_PER_READ));
    if (options.upTo !== undefined) qb.andWhere('e.seq <= :upTo', { upTo: options.upTo });
    if (options.rooms) qb.andWhere('e.audience && :rooms', { rooms: options.rooms });
    const rows = await qb.getMany();
    return rows.map((r) => toLiveEvent(r));
  }

  async readAfterWithAudience(after: number, limit = MAX_EVENTS_PER_READ): Promise<LoggedEvent[]> {
    const rows = await this.dataSource
      .getRepository(EventLogEntity)
      .createQueryBuilder('e')
      .where('e.seq > :after', { after })
      .orderBy('e.seq', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map((r) => ({ ...toLiveEvent(r), audience: r.audience }));
  }

  async lastSeq(): Promise<number> {
    const [row] = (await this.dataSource.query('SELECT last_seq FROM event_log_counter WHERE id = 1')) as { last_seq: string }[];
    return Number(row?.last_seq ?? 0);
  }
}

function toLiveEvent(row: EventLogEntity): LiveEvent {
  return { seq: row.seq, type: row.type, at: row.at.toISOString(), data: row.data } as LiveEvent;
}

/**
 * The statement that appends events (one round trip): takes their numbers from
 * the counter row (locking it until commit), writes them, and NOTIFYs; it
 * answers `last_seq`, the number of the last.
 */
export function appendEventsStatement(events: NewEvent[], at: Date): Statement {
  return {
    text: `WITH counter AS (
             UPDATE event_log_counter SET last_seq = last_seq + $1::int WHERE id = 1 RETURNING last_seq
           ), written AS (
             INSERT INTO event_log (seq, type, at, audience, data)
             SELECT counter.last_seq - $1::int + e.n, e.type, $2::timestamptz, ARRAY(SELECT jsonb_array_elements_text(e.audience)), e.data
               FROM counter, jsonb_to_recordset($3::jsonb) AS e(n int, type text, audience jsonb, data jsonb)
           )
           SELECT last_seq, pg_notify($4, last_seq::text || ' ' || $5) FROM counter`,
    values: [events.length, at, JSON.stringify(events.map((e, i) => ({ n: i + 1, type: e.type, audience: e.audience, data: e.data }))), EVENTS_CHANNEL, EVENTS_ORIGIN],
  };
}

/** The events as logged, numbered up to `lastSeq` (what appendEventsStatement answered). */
export function loggedEvents(events: NewEvent[], lastSeq: number, at: Date): LoggedEvent[] {
  const first = lastSeq - events.length + 1;
  return events.map((e, i) => ({ seq: first + i, type: e.type, at: at.toISOString(), audience: e.audience, data: e.data }) as LoggedEvent);
}
