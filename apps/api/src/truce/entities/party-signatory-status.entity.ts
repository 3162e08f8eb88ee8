import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { SignatoryStatus } from '@truce-monitor/domain';
import type { PartyEntity } from './party.entity.js';

/** One change of a party's signatory status: from `effectiveFrom` on, the party's status is `status`. */
@Entity('party_signatory_statuses')
export class PartySignatoryStatusEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') partyId: string;
  @Column('text') status: SignatoryStatus;
  @Column('timestamptz') effectiveFrom: Date;
  /** Who made the claim (e.g. "Russian Ministry of Defence"). */
  @Column('text', { nullable: true }) claimedBy: string | null;
  @Column('text', { nullable: true }) note: string | null;
  @Column('timestamptz', { default: () => 'now()' }) recordedAt: Date;

  @ManyToOne('PartyEntity', 'signatoryHistory', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'party_id' })
  party?: PartyEntity;
}
