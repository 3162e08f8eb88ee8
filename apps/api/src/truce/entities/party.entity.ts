import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { Bloc, GuarantorCode } from '@truce-monitor/domain';
import type { AgreementEntity } from './agreement.entity.js';
import { PartySignatoryStatusEntity } from './party-signatory-status.entity.js';

@Entity('parties')
export class PartyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') agreementId: string;
  @Column('text') name: string;
  @Column('text') bloc: Bloc;
  @Column('text', { nullable: true }) guarantor: GuarantorCode | null;
  /** Other names the party goes by (ACLED/UCDP actor names), for imports and search. */
  @Column('text', { array: true }) aliases: string[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;

  @ManyToOne('AgreementEntity', 'parties', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement?: AgreementEntity;
  @OneToMany(() => PartySignatoryStatusEntity, (s) => s.party) signatoryHistory?: PartySignatoryStatusEntity[];
}
