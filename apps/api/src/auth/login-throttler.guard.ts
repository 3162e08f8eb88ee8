import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiException } from '../common/api-error.js';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config.js';

/**
 * Brute-force brake on login: attempts are counted per client address and
 * username together, so guessing one account's password is slowed without
 * locking out everyone behind the same address. Over the limit: 429 with Retry-After.
 */
@Injectable()
export class LoginThrottlerGuard implements CanActivate {
  private readonly logger = new Logger('Access');
  private readonly limiter: RateLimiterMemory;

  constructor(@Inject(RUNTIME_CONFIG) config: RuntimeConfig) {
    this.limiter = new RateLimiterMemory({ points: config.LOGIN_ATTEMPTS_PER_MINUTE, duration: 60 });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const body = req.body as { username?: unknown } | undefined;
    const username = typeof body?.username === 'string' ? body.username.trim().toLowerCase().slice(0, 100) : '';
    try {
      await this.limiter.consume(`${req.ip}|${username}`);
      return true;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      this.logger.warn({ event: 'login_throttled', username }, 'refused');
      throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, `Too many sign-in attempts; try again in ${retryAfter} s.`, undefined, {
        'Retry-After': String(retryAfter),
      });
    }
  }
}
