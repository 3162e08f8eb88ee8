import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type {
  EventType,
  IncidentView,
  GuarantorCode,
  Outcome,
  SourceInput,
  VerificationState,
} from '@truce-monitor/domain';

/** An uncertain figure stored as three columns: `<prefix>_low`, `_best`, `_high`. */
export class CasualtyRangeColumns {
  @Column('integer') low: number;
  @Column('integer') best: number;
  @Column('integer') high: number;
}

@Entity('incidents')
export class IncidentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') agreementId: string;
  @Column('timestamptz') occurredAt: Date;
  @Column('smallint') timePrecision: number;
  @Column('timestamptz', { default: () => 'now()' }) reportedAt: Date;
  @Column('double precision') lat: number;
  @Column('double precision') lon: number;
  @Column('smallint') geoPrecision: number;
  @Column('text') governorate: string;
  @Column('text', { nullable: true }) placeName: string | null;
  @Column('text') eventType: EventType;
  @Column('uuid', { nullable: true }) perpetratorPartyId: string | null;
  @Column('uuid', { nullable: true }) targetPartyId: string | null;
  @Column('boolean') targetCivilians: boolean;
  @Column(() => CasualtyRangeColumns, { prefix: 'killed' }) killed: CasualtyRangeColumns;
  @Column(() => CasualtyRangeColumns, { prefix: 'injured' }) injured: CasualtyRangeColumns;
  @Column(() => CasualtyRangeColumns, { prefix: 'civiliansKilled' }) civiliansKilled: CasualtyRangeColumns;
  @Column(() => CasualtyRangeColumns, { prefix: 'civiliansInjured' }) civiliansInjured: CasualtyRangeColumns;
  @Column(() => CasualtyRangeColumns, { prefix: 'combatantsKilled' }) combatantsKilled: CasualtyRangeColumns;
  @Column(() => CasualtyRangeColumns, { prefix: 'combatantsInjured' }) combatantsInjured: CasualtyRangeColumns;
  @Column('jsonb') sources: SourceInput[];
  @Column('text') description: string;
  @Column('jsonb', { nullable: true }) obstruction: IncidentView['obstruction'];
  @Column('text') verification: VerificationState;
  @Column('text') outcome: Outcome;
  @Column('jsonb') reasons: string[];
  @Column('text', { nullable: true }) responsibleGuarantor: GuarantorCode | null;
  @Column('timestamptz', { nullable: true }) acknowledgeBy: Date | null;
  /** The monitor who filed it. Never leaves the API except to reviewers, admins and the filer. */
  @Column('uuid') filedBy: string;
  @Column('uuid', { nullable: true }) duplicateOf: string | null;
  /** The responsible guarantor's first answer: routing-to-acknowledgement time is measured to here. */
  @Column('timestamptz', { nullable: true }) acknowledgedAt: Date | null;
  @Column('timestamptz', { nullable: true }) overdueAnnouncedAt: Date | null;
  @Column('timestamptz', { default: () => 'now()' }) updatedAt: Date;
}
