import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ServeStaticModule } from '@nestjs/serve-static';
import { LoggerModule } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ConfigModule } from './config/config.module.js';
import type { RuntimeConfig } from './config/runtime-config.js';
import { DatabaseModule } from './database/database.module.js';
import { ExportTicketsModule } from './export-tickets/export-tickets.module.js';
import { HealthModule } from './health/health.module.js';
import { HotlineModule } from './hotline/hotline.module.js';
import { IncidentsModule } from './incidents/incidents.module.js';
import { LiveModule } from './live/live.module.js';
import { StatsModule } from './stats/stats.module.js';
import { TruceModule } from './truce/truce.module.js';
import { loggerOptions } from './logging.js';

@Module({})
export class AppModule {
  static forRoot(config: RuntimeConfig, dashboardDir: string | null): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config)),
        ScheduleModule.forRoot(),
        DatabaseModule,
        AuditModule,
        AuthModule,
        TruceModule,
        HotlineModule,
        IncidentsModule,
        LiveModule,
        StatsModule,
        ExportTicketsModule,
        HealthModule,
        ...(dashboardDir && existsSync(dashboardDir)
          ? [
              ServeStaticModule.forRoot({
                rootPath: dashboardDir,
                exclude: /^\/(api|socket\.io)(\/|$)/,
                serveStaticOptions: {
                  index: 'index.html',
                  // Hashed asset names never change content; the page that names them must always be fresh after a deploy.
                  setHeaders: (res: { setHeader(name: string, value: string): void }, path: string) =>
                    res.setHeader('Cache-Control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
                },
              }),
            ]
          : []),
      ],
    };
  }
}
