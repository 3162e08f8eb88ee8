import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, type Repository } from 'typeorm';
import type { GuarantorCode, Role } from '@truce-monitor/domain';
import { UserEntity } from './user.entity.js';

/** The auth module's queries; only this class touches the users table. */
/** An account as a session check sees it. */
export type Session = Pick<UserEntity, 'id' | 'username' | 'role' | 'guarantor' | 'tokenVersion' | 'disabledAt'>;

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ username });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** One account as a session check sees it. */
  async findSession(id: string): Promise<Session | null> {
    return (await this.findSessions([id])).get(id) ?? null;
  }

  /**
   * What every authenticated request needs, in one plain query for many
   * accounts (the requests that arrive together are checked together).
   */
  async findSessions(ids: readonly string[]): Promise<Map<string, Session>> {
    const rows = (await this.users.manager.query(
      'SELECT id, username, role, guarantor, token_version, disabled_at FROM users WHERE id = ANY($1::uuid[])',
      [[...new Set(ids)]],
    )) as { id: string; username: string; role: UserEntity['role']; guarantor: UserEntity['guarantor']; token_version: number; disabled_at: Date | null }[];
    return new Map(
      rows.map((row) => [
        row.id,
        { id: row.id, username: row.username, role: row.role, guarantor: row.guarantor, tokenVersion: row.token_version, disabledAt: row.disabled_at },
      ]),
    );
  }

  /** Just what decides whether a session still stands. */
  sessionStates(ids: string[]): Promise<Pick<UserEntity, 'id' | 'tokenVersion' | 'disabledAt'>[]> {
    return this.users.find({ select: { id: true, tokenVersion: true, disabledAt: true }, where: { id: In(ids) } });
  }

  list(): Promise<UserEntity[]> {
    return this.users.find({ order: { role: 'ASC', username: 'ASC' } });
  }

  create(
    user: { username: string; passwordHash: string; role: Role; guarantor: GuarantorCode | null },
    manager: EntityManager = this.users.manager,
  ): Promise<UserEntity> {
    return manager.save(UserEntity, manager.create(UserEntity, { ...user, tokenVersion: 0, disabledAt: null }));
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.users.update({ id }, { passwordHash, tokenVersion: () => 'token_version + 1' });
  }

  /** Logout: every token issued before now is refused. */
  async bumpTokenVersion(id: string): Promise<void> {
    await this.users.increment({ id }, 'tokenVersion', 1);
  }

  /** Disabling also bumps the token version, so no token of the account outlives the change. */
  async setDisabled(id: string, disabled: boolean, manager: EntityManager = this.users.manager): Promise<UserEntity | null> {
    await manager.update(
      UserEntity,
      { id },
      disabled ? { disabledAt: () => 'COALESCE(disabled_at, now())', tokenVersion: () => 'token_version + 1' } : { disabledAt: null },
    );
    return manager.findOneBy(UserEntity, { id });
  }
}
