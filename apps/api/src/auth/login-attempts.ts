import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiException } from '../common/api-error.js';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config.js';

/**
 * Brute-force brake on login. Failed attempts are counted per client address
 * and username together, so guessing one account's password is slowed without
 * locking out everyone behind the same address; a successful sign-in clears
 * the count. Over the limit: 429 with Retry-After, before the password is even checked.
 */
@Injectable()
export class LoginAttempts {
  private readonly logger = new Logger('Access');
  private readonly failures: RateLimiterMemory;

  constructor(@Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig) {
    this.failures = new RateLimiterMemory({ points: config.LOGIN_ATTEMPTS_PER_MINUTE, duration: 60 });
  }

  async assertAllowed(ip: string, username: string): Promise<void> {
    const record = await this.failures.get(key(ip, username));
    if (record && record.consumedPoints >= this.config.LOGIN_ATTEMPTS_PER_MINUTE) throw this.tooMany(record, username);
  }

  async failed(ip: string, username: string): Promise<void> {
    await this.failures.consume(key(ip, username)).catch((rejection: unknown) => {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
    });
  }

  async succeeded(ip: string, username: string): Promise<void> {
    await this.failures.delete(key(ip, username));
  }

  private tooMany(record: RateLimiterRes, username: string): ApiException {
    const retryAfter = Math.max(1, Math.ceil(record.msBeforeNext / 1000));
    this.logger.warn({ event: 'login_throttled', username }, 'refused');
    return new ApiException(HttpStatus.TOO_MANY_REQUESTS, `Too many failed sign-in attempts; try again in ${retryAfter} s.`, undefined, {
      'Retry-After': String(retryAfter),
    });
  }
}

const key = (ip: string, username: string) => `${ip}|${username.trim().toLowerCase()}`;
