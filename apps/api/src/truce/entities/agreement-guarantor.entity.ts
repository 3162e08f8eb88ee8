import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { GuarantorCode } from '@truce-monitor/domain';
import type { AgreementEntity } from './agreement.entity.js';

@Entity('agreement_guarantors')
export class AgreementGuarantorEntity {
  @PrimaryColumn('uuid') agreementId: string;
  @PrimaryColumn('text') code: GuarantorCode;
  @Column('text') name: string;
  @Column('text') answersFor: string;

  @ManyToOne('AgreementEntity', 'guarantors', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement?: AgreementEntity;
}
