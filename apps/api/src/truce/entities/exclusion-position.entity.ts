import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { DesignationPosition, GuarantorCode } from '@truce-monitor/domain';
import type { ExclusionEntity } from './exclusion.entity.js';

/** A guarantor's position on a designation, from `at` on (a later one replaces it). */
@Entity('exclusion_positions')
export class ExclusionPositionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') exclusionId: string;
  @Column('text') guarantor: GuarantorCode;
  @Column('text') position: DesignationPosition;
  @Column('timestamptz') at: Date;
  @Column('text', { nullable: true }) note: string | null;

  @ManyToOne('ExclusionEntity', 'positions', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'exclusion_id' })
  exclusion?: ExclusionEntity;
}
