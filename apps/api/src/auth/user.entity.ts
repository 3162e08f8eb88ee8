import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { GuarantorCode, Role } from '@truce-monitor/domain';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') username: string;
  @Column('text') passwordHash: string;
  @Column('text') role: Role;
  @Column('text', { nullable: true }) guarantor: GuarantorCode | null;
  @Column('integer') tokenVersion: number;
  @Column('timestamptz', { nullable: true }) disabledAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
