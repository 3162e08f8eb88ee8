import { Column, Entity, PrimaryColumn } from 'typeorm';

const bigintAsNumber = { to: (v: number) => v, from: (v: string) => Number(v) };

/** One link of the hash-chained audit trail. Append-only (a trigger refuses UPDATE and DELETE). */
@Entity('audit_log')
export class AuditEntryEntity {
  @PrimaryColumn('bigint', { transformer: bigintAsNumber }) id: number;
  @Column('timestamptz') at: Date;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @Column('text') action: string;
  @Column('text') entityType: string;
  @Column('text') entityId: string;
  @Column('jsonb') data: object;
  @Column('text') prevHash: string;
  @Column('text') hash: string;
}
