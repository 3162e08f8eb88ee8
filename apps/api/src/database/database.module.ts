import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config.js';
import { dataSourceOptions } from './data-source-options.js';
import { Migrator } from './migrator.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [RUNTIME_CONFIG],
      useFactory: (config: RuntimeConfig) => ({
        ...dataSourceOptions(config.databaseUrl),
        // Start even if the database is briefly unreachable; requests answer 503 until it is back.
        retryAttempts: 10,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [Migrator],
  exports: [Migrator],
})
export class DatabaseModule {}
