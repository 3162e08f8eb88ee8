import { type CanActivate, type ExecutionContext, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { AuthUser, Role } from '@truce-monitor/domain';
import { ApiException } from '../common/api-error.js';
import { AuthService } from './auth.service.js';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator.js';

/**
 * The global guard: every request carries a valid bearer token unless the
 * endpoint is @Public, and its role is one the endpoint's @Roles lists.
 * An endpoint that declares neither is closed to everyone.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser; tokenVersion?: number }>();
    const header = req.headers.authorization ?? '';
    const token = /^Bearer (\S+)$/i.exec(header)?.[1];
    const user = token ? await this.auth.authenticate(token) : null;
    if (!user) {
      this.logger.warn({ event: 'unauthenticated', method: req.method, path: req.path }, 'refused');
      throw new ApiException(HttpStatus.UNAUTHORIZED, token ? 'The token is invalid or expired.' : 'Sign in first: send Authorization: Bearer <token>.', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    req.user = { id: user.id, username: user.username, role: user.role, guarantor: user.guarantor };
    req.tokenVersion = user.tokenVersion;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!roles.includes(user.role)) {
      this.logger.warn({ event: 'forbidden', userId: user.id, role: user.role, method: req.method, path: req.path }, 'refused');
      throw new ApiException(HttpStatus.FORBIDDEN, `This action is not open to the ${user.role} role.`);
    }
    return true;
  }
}
