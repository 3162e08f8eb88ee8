import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from '@node-rs/argon2';
import { DataSource, QueryFailedError } from 'typeorm';
import type { AuthUser, NewUser, UserView } from '@truce-monitor/domain';
import { AuditService } from '../audit/audit.service.js';
import { ApiException } from '../common/api-error.js';
import type { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<UserView[]> {
    return (await this.users.list()).map(toUserView);
  }

  async create(admin: AuthUser, input: NewUser): Promise<UserView> {
    const passwordHash = await argon2.hash(input.password);
    return this.dataSource.transaction(async (manager) => {
      const user = await this.users
        .create({ username: input.username, passwordHash, role: input.role, guarantor: input.guarantor }, manager)
        .catch((error: unknown) => {
          if (error instanceof QueryFailedError && error.driverError?.code === '23505')
            throw new ApiException(HttpStatus.CONFLICT, `The username "${input.username}" is taken.`, [{ field: 'username', problem: 'already taken' }]);
          throw error;
        });
      await this.audit.append(manager, [
        { actorId: admin.id, action: 'user.created', entityType: 'user', entityId: user.id, data: { username: user.username, role: user.role, guarantor: user.guarantor } },
      ]);
      return toUserView(user);
    });
  }

  async setDisabled(admin: AuthUser, userId: string, disabled: boolean): Promise<UserView> {
    if (disabled && userId === admin.id) throw new ApiException(HttpStatus.CONFLICT, 'An admin cannot disable their own account.');
    return this.dataSource.transaction(async (manager) => {
      const user = await this.users.setDisabled(userId, disabled, manager);
      if (!user) throw new ApiException(HttpStatus.NOT_FOUND, `No user ${userId}.`);
      await this.audit.append(manager, [
        { actorId: admin.id, action: disabled ? 'user.disabled' : 'user.enabled', entityType: 'user', entityId: userId, data: {} },
      ]);
      return toUserView(user);
    });
  }
}

function toUserView(user: UserEntity): UserView {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    guarantor: user.guarantor,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}
