import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config.js';
import { IncidentsService } from './incidents.service.js';

/**
 * The lifecycle's clock: announces reports that passed their acknowledgement
 * deadline (every OVERDUE_CHECK_SECONDS) and forgets expired Idempotency-Keys
 * (hourly). Safe with several instances: claiming an overdue report is atomic.
 */
@Injectable()
export class IncidentsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IncidentsScheduler');

  constructor(
    private readonly incidents: IncidentsService,
    private readonly registry: SchedulerRegistry,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.every('overdue-reports', this.config.OVERDUE_CHECK_SECONDS * 1000, () => this.incidents.announceOverdue());
    this.every('expired-idempotency-keys', 3600_000, () => this.incidents.deleteExpiredIdempotencyKeys());
  }

  onApplicationShutdown(): void {
    for (const name of this.registry.getIntervals()) this.registry.deleteInterval(name);
  }

  private every(name: string, ms: number, job: () => Promise<unknown>): void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      job()
        .catch((error: unknown) => this.logger.warn(`${name}: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => (running = false));
    }, ms);
    timer.unref();
    this.registry.addInterval(name, timer);
  }
}
