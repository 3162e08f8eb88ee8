import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { AgreementScope } from '@truce-monitor/domain';
import { AgreementGuarantorEntity } from './agreement-guarantor.entity.js';
import { PartyEntity } from './party.entity.js';
import { ExclusionEntity } from './exclusion.entity.js';

export interface CoveredForces {
  description: string;
  fighters: number | null;
  claimedBy: string | null;
}

@Entity('agreements')
export class AgreementEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('timestamptz') effectiveFrom: Date;
  @Column('timestamptz', { nullable: true }) effectiveUntil: Date | null;
  @Column('jsonb') scope: AgreementScope;
  @Column('integer') acknowledgementDeadlineMinutes: number;
  @Column('jsonb') coveredForces: CoveredForces[];
  @Column('text', { nullable: true }) sourceText: string | null;
  /** Bumped with every registry change (see the migration of the same name). */
  @Column('integer', { default: 0 }) registryVersion: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;

  @OneToMany(() => AgreementGuarantorEntity, (g) => g.agreement) guarantors?: AgreementGuarantorEntity[];
  @OneToMany(() => PartyEntity, (p) => p.agreement) parties?: PartyEntity[];
  @OneToMany(() => ExclusionEntity, (e) => e.agreement) exclusions?: ExclusionEntity[];
}
