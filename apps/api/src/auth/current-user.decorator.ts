import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthUser } from '@truce-monitor/domain';

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest<{ user: AuthUser }>().user,
);
