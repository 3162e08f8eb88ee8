import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Runs pending migrations at start; an advisory lock keeps two starting instances from racing. */
@Injectable()
export class Migrator {
  private readonly logger = new Logger('Migrations');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async migrate(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query("SELECT pg_advisory_lock(hashtext('truce-monitor:migrations'))");
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      for (const m of applied) this.logger.log(`applied ${m.name}`);
    } finally {
      await runner.query("SELECT pg_advisory_unlock(hashtext('truce-monitor:migrations'))").catch(() => undefined);
      await runner.release();
    }
  }
}
