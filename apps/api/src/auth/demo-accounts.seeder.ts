import { Inject, Injectable, Logger } from '@nestjs/common';
import * as argon2 from '@node-rs/argon2';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config.js';
import { DEMO_ACCOUNTS } from '../truce/seed/truce-2016.js';
import { UsersRepository } from './users.repository.js';

/** One account per role, password DEMO_PASSWORD; never in production. */
@Injectable()
export class DemoAccountsSeeder {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly users: UsersRepository,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async ensure(): Promise<typeof DEMO_ACCOUNTS> {
    if (this.config.NODE_ENV === 'production') return [];
    let hash: string | null = null;
    for (const account of DEMO_ACCOUNTS) {
      const existing = await this.users.findByUsername(account.username);
      if (existing) {
        if (!(await argon2.verify(existing.passwordHash, this.config.DEMO_PASSWORD).catch(() => false)))
          await this.users.setPasswordHash(existing.id, (hash ??= await argon2.hash(this.config.DEMO_PASSWORD)));
        continue;
      }
      hash ??= await argon2.hash(this.config.DEMO_PASSWORD);
      await this.users.create({ ...account, passwordHash: hash }).catch(async (error: unknown) => {
        // Another instance created it at the same moment.
        if (!(await this.users.findByUsername(account.username))) throw error;
      });
    }
    this.logger.log(`demo accounts ready: ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}`);
    return DEMO_ACCOUNTS;
  }
}
