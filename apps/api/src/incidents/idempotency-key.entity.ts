import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The stored answer to a request made with an Idempotency-Key, replayed to retries. */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn('uuid') userId: string;
  @PrimaryColumn('text') key: string;
  /** SHA-256 of the canonical request body: the same key with another body is refused. */
  @Column('text') requestHash: string;
  @Column('integer') responseStatus: number;
  @Column('jsonb') responseBody: object;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz') expiresAt: Date;
}
