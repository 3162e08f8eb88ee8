import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from '@node-rs/argon2';
import DataLoader from 'dataloader';
import type { AuthUser, LoginInput, LoginResponse } from '@truce-monitor/domain';
import { ApiException } from '../common/api-error.js';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config.js';
import { type Session, UsersRepository } from './users.repository.js';
import { LoginAttempts } from './login-attempts.js';
import type { UserEntity } from './user.entity.js';

interface TokenClaims {
  sub: string;
  /** The account's token version when issued; a logout or disable bumps it. */
  tv: number;
}

/** The only algorithm tokens may carry: `alg: none` and key-confusion tricks are refused. */
export const TOKEN_ALGORITHM = 'HS256' as const;

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');
  /** Verified against when the username is unknown, so timing does not reveal which accounts exist. */
  private readonly dummyHash = argon2.hash('not-a-real-password');
  /**
   * The account lookup behind every authenticated request, batched: the
   * lookups asked for while the event loop handles one round of arrived
   * requests go to the database as one query (setImmediate runs after that
   * round). No cache (each lookup starts after its request arrived), so a
   * logout or a disable is seen by every request that comes after it.
   */
  private readonly sessions = new DataLoader<string, Session | null>(
    async (ids) => {
      const found = await this.users.findSessions(ids);
      return ids.map((id) => found.get(id) ?? null);
    },
    { cache: false, maxBatchSize: 500, batchScheduleFn: (run) => setImmediate(run) },
  );

  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly attempts: LoginAttempts,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async login({ username, password }: LoginInput, ip: string): Promise<LoginResponse> {
    await this.attempts.assertAllowed(ip, username);
    const user = await this.users.findByUsername(username);
    const ok = await argon2.verify(user?.passwordHash ?? (await this.dummyHash), password).catch(() => false);
    if (!user || !ok || user.disabledAt) {
      await this.attempts.failed(ip, username);
      this.logger.warn({ event: 'login_failed', username }, 'login refused');
      throw new ApiException(HttpStatus.UNAUTHORIZED, 'Unknown username or wrong password.');
    }
    await this.attempts.succeeded(ip, username);
    this.logger.log({ event: 'login', userId: user.id, role: user.role }, 'login');
    const claims: TokenClaims = { sub: user.id, tv: user.tokenVersion };
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: TOKEN_ALGORITHM,
      expiresIn: this.config.JWT_TTL_SECONDS,
    });
    return { accessToken, user: toAuthUser(user) };
  }

  /** Verifies a token and the account behind it; null when either is not acceptable. */
  async authenticate(token: string): Promise<(AuthUser & { tokenExpiresAt: number; tokenVersion: number }) | null> {
    let claims: TokenClaims & { exp: number };
    try {
      claims = await this.jwt.verifyAsync(token, { algorithms: [TOKEN_ALGORITHM] });
    } catch {
      return null;
    }
    if (typeof claims.sub !== 'string' || typeof claims.tv !== 'number') return null;
    if (!UUID.test(claims.sub)) return null;
    const user = await this.sessions.load(claims.sub);
    if (!user || user.disabledAt || user.tokenVersion !== claims.tv) return null;
    return { ...toAuthUser(user), tokenExpiresAt: claims.exp * 1000, tokenVersion: user.tokenVersion };
  }

  /** Of these sessions, the accounts that were disabled or logged out since (one query for all). */
  async revoked(sessions: { userId: string; tokenVersion: number }[]): Promise<Set<string>> {
    if (sessions.length === 0) return new Set();
    const current = new Map((await this.users.sessionStates([...new Set(sessions.map((s) => s.userId))])).map((u) => [u.id, u]));
    return new Set(
      sessions
        .filter((s) => {
          const u = current.get(s.userId);
          return !u || u.disabledAt !== null || u.tokenVersion !== s.tokenVersion;
        })
        .map((s) => s.userId),
    );
  }

  /** Ends every session of the account at once. */
  async logout(userId: string): Promise<void> {
    await this.users.bumpTokenVersion(userId);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toAuthUser(user: Pick<UserEntity, 'id' | 'username' | 'role' | 'guarantor'>): AuthUser {
  return { id: user.id, username: user.username, role: user.role, guarantor: user.guarantor };
}
