import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AuthUser } from '@truce-monitor/domain';
import { ApiException } from '../common/api-error.js';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config.js';

/**
 * Per-account brake on writes (every POST but sign-in): a runaway client or a
 * stolen token cannot flood the record. Over the limit: 429 with Retry-After.
 * Runs after the AuthGuard, so the account is known.
 */
@Injectable()
export class WriteRateLimitGuard implements CanActivate {
  private readonly logger = new Logger('Access');
  private readonly writes: RateLimiterMemory;

  constructor(@Inject(RUNTIME_CONFIG) config: RuntimeConfig) {
    this.writes = new RateLimiterMemory({ points: config.WRITES_PER_MINUTE, duration: 60 });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    if (req.method !== 'POST' || !req.user) return true;
    try {
      await this.writes.consume(req.user.id);
      return true;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      this.logger.warn({ event: 'write_rate_limited', userId: req.user.id, path: req.path }, 'refused');
      throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, `Too many changes from this account; try again in ${retryAfter} s.`, undefined, {
        'Retry-After': String(retryAfter),
      });
    }
  }
}
