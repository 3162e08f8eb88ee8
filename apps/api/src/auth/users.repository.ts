import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { GuarantorCode, Role } from '@truce-monitor/domain';
import { UserEntity } from './user.entity.js';

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ username });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  async create(user: { username: string; passwordHash: string; role: Role; guarantor: GuarantorCode | null }) {
    return this.users.save(this.users.create({ ...user, tokenVersion: 0, disabledAt: null }));
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.users.update({ id }, { passwordHash, tokenVersion: () => 'token_version + 1' });
  }

  async bumpTokenVersion(id: string): Promise<void> {
    await this.users.increment({ id }, 'tokenVersion', 1);
  }
}
