import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { ExclusionKind, GuarantorCode } from '@truce-monitor/domain';
import type { AgreementEntity } from './agreement.entity.js';
import { ExclusionPositionEntity } from './exclusion-position.entity.js';

@Entity('exclusions')
export class ExclusionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') agreementId: string;
  @Column('uuid') partyId: string;
  @Column('text') kind: ExclusionKind;
  @Column('text', { nullable: true }) designatedBy: GuarantorCode | null;
  @Column('text') basis: string;
  @Column('timestamptz') effectiveFrom: Date;
  @Column('timestamptz', { nullable: true }) effectiveUntil: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;

  @ManyToOne('AgreementEntity', 'exclusions', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement?: AgreementEntity;
  @OneToMany(() => ExclusionPositionEntity, (p) => p.exclusion) positions?: ExclusionPositionEntity[];
}
