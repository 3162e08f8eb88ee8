import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { resolve } from 'node:path';
import { AppModule } from './app.module.js';
import { DemoAccountsSeeder } from './auth/demo-accounts.seeder.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { jsonBody } from './common/json-body.middleware.js';
import type { RuntimeConfig } from './config/runtime-config.js';
import { Migrator } from './database/migrator.js';
import { LiveIoAdapter } from './live/live-io.adapter.js';
import { TruceSeeder } from './truce/truce.seeder.js';

export interface CreatedApp {
  app: NestExpressApplication;
  demoAccounts: { username: string; role: string; guarantor: string | null }[];
}

/**
 * The composition root shared by `main.ts` and the integration tests: the Nest
 * app with its HTTP hardening, migrated and seeded, not yet listening.
 */
export async function createApp(config: RuntimeConfig): Promise<CreatedApp> {
  const dashboardDir = resolve(config.DASHBOARD_DIR ?? 'dist/apps/dashboard');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, dashboardDir), {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api');
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          imgSrc: ["'self'", 'data:', 'blob:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'"],
        },
      },
    }),
  );
  app.use(jsonBody());
  app.enableCors({ origin: config.CORS_ORIGINS.length ? config.CORS_ORIGINS : false });
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useWebSocketAdapter(new LiveIoAdapter(app, config));
  app.enableShutdownHooks([]);

  await app.get(Migrator).migrate();
  await app.get(TruceSeeder).seedIfEmpty();
  const demoAccounts = await app.get(DemoAccountsSeeder).ensure();
  return { app, demoAccounts };
}
