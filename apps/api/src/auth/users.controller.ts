import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { type AuthUser, type NewUser, type UserView, newUserSchema } from '@truce-monitor/domain';
import { uuidParam } from '../common/params.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { CurrentUser } from './current-user.decorator.js';
import { Roles } from './roles.decorator.js';
import { UsersService } from './users.service.js';

const id = new ZodValidationPipe(uuidParam, 'id');

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Roles('admin')
  @Get()
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  @Roles('admin')
  @Post()
  create(@CurrentUser() admin: AuthUser, @Body(new ZodValidationPipe(newUserSchema)) body: NewUser): Promise<UserView> {
    return this.users.create(admin, body);
  }

  /** Takes effect at once: every token of the account is refused from now on, and its sockets are closed. */
  @Roles('admin')
  @Post(':id/disable')
  @HttpCode(200)
  disable(@CurrentUser() admin: AuthUser, @Param('id', id) userId: string): Promise<UserView> {
    return this.users.setDisabled(admin, userId, true);
  }

  @Roles('admin')
  @Post(':id/enable')
  @HttpCode(200)
  enable(@CurrentUser() admin: AuthUser, @Param('id', id) userId: string): Promise<UserView> {
    return this.users.setDisabled(admin, userId, false);
  }
}
