import { Controller, Get, Inject, Res } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/roles.decorator.js';
import { LiveFanoutService } from '../live/live-fanout.service.js';

const DB_CHECK_TIMEOUT_MS = 2000;

@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fanout: LiveFanoutService,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  /**
   * `{status, db, live, demoAccounts}`: 200 when the database answers, 503 (with
   * Retry-After) when it does not. `demoAccounts` tells the sign-in screen whether to offer them.
   */
  @Public()
  @Get()
  async check(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: 'ok' | 'degraded'; db: 'up' | 'down'; live: 'up' | 'down'; demoAccounts: boolean }> {
    const db = await Promise.race([
      this.dataSource.query('SELECT 1').then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      new Promise<'down'>((resolve) => setTimeout(() => resolve('down'), DB_CHECK_TIMEOUT_MS).unref()),
    ]);
    const live = this.fanout.isListening ? 'up' : 'down';
    if (db === 'down') {
      res.status(503).setHeader('Retry-After', '5');
    }
    return { status: db === 'up' && live === 'up' ? 'ok' : 'degraded', db, live, demoAccounts: this.config.NODE_ENV !== 'production' };
  }
}
