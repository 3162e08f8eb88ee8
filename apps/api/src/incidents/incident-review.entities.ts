import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CrossConfirmation, GuarantorCode, GuarantorResponse, VerificationState } from '@truce-monitor/domain';

/** One step of a report's verification, by a reviewer. */
@Entity('incident_reviews')
export class IncidentReviewEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') incidentId: string;
  @Column('text') fromState: VerificationState;
  @Column('text') toState: VerificationState;
  @Column('uuid', { nullable: true }) duplicateOf: string | null;
  @Column('text', { nullable: true }) note: string | null;
  @Column('uuid') reviewerId: string;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
}

/** An answer of the guarantor responsible for the report. */
@Entity('incident_responses')
export class IncidentResponseEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') incidentId: string;
  @Column('text') guarantor: GuarantorCode;
  @Column('text') response: GuarantorResponse;
  @Column('text', { nullable: true }) reasons: string | null;
  @Column('uuid') officerId: string;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
}

/** Another guarantor's cross-confirmation of a routed report; the latest per guarantor stands. */
@Entity('incident_confirmations')
export class IncidentConfirmationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') incidentId: string;
  @Column('text') guarantor: GuarantorCode;
  @Column('text') confirmation: CrossConfirmation;
  @Column('text', { nullable: true }) note: string | null;
  @Column('uuid') officerId: string;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
}
