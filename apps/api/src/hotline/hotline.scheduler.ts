import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config.js';
import { HotlineService } from './hotline.service.js';

/** Announces hotline messages left unacknowledged past their deadline (every OVERDUE_CHECK_SECONDS). */
@Injectable()
export class HotlineScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('HotlineScheduler');
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly hotline: HotlineService,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = true;
      this.hotline
        .announceOverdue()
        .catch((error: unknown) => this.logger.warn(`overdue check: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => (this.running = false));
    }, this.config.OVERDUE_CHECK_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
