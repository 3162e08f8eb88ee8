import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthUser } from '@truce-monitor/domain';

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest<{ user: AuthUser }>().user,
);

/**
 * The token version of the token that authenticated this request (set by
 * AuthGuard): what binds something issued now to this very session, so a
 * logout committed meanwhile voids it too.
 */
export const CurrentTokenVersion = createParamDecorator(
  (_data: unknown, context: ExecutionContext): number => context.switchToHttp().getRequest<{ tokenVersion: number }>().tokenVersion,
);
