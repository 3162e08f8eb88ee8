import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LiveEventType } from '@truce-monitor/domain';

@Entity('event_log')
export class EventLogEntity {
  /** Gapless, in commit order (taken from event_log_counter under its row lock). */
  @PrimaryColumn('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) seq: number;
  @Column('text') type: LiveEventType;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
  /** The rooms allowed to receive this event (e.g. `role:analyst`, `guarantor:RU`, `user:<id>`). */
  @Column('text', { array: true }) audience: string[];
  /** Already redacted for its audience: never carries a monitor's identity. */
  @Column('jsonb') data: object;
}
