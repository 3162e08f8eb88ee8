import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { GuarantorCode } from '@truce-monitor/domain';

@Entity('hotline_messages')
export class HotlineMessageEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') channelId: string;
  @Column('text') fromGuarantor: GuarantorCode;
  @Column('uuid') authorId: string;
  @Column('text') body: string;
  @Column('uuid', { array: true }) refersTo: string[];
  @Column('uuid', { nullable: true }) corrects: string | null;
  @Column('timestamptz', { default: () => 'now()' }) sentAt: Date;
  @Column('timestamptz', { nullable: true }) ackBy: Date | null;
  @Column('timestamptz', { nullable: true }) overdueAnnouncedAt: Date | null;
}

@Entity('hotline_acknowledgements')
export class HotlineAcknowledgementEntity {
  @PrimaryColumn('uuid') messageId: string;
  @PrimaryColumn('text') guarantor: GuarantorCode;
  @Column('uuid') officerId: string;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
}
