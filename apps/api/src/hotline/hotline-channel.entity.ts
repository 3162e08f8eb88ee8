import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { GuarantorCode } from '@truce-monitor/domain';

@Entity('hotline_channels')
export class HotlineChannelEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') agreementId: string;
  @Column('text') name: string;
  @Column('text', { array: true }) guarantors: GuarantorCode[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
