import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuditModule } from '../audit/audit.module.js';
import { LoginAttempts } from './login-attempts.js';
import { WriteRateLimitGuard } from './write-rate-limit.guard.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';
import { DemoAccountsSeeder } from './demo-accounts.seeder.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity]),
    AuditModule,
    JwtModule.registerAsync({
      inject: [RUNTIME_CONFIG],
      // A KeyObject made once: given a string, jsonwebtoken first tries (and fails) to parse it as a public key on every verification.
      useFactory: (config: RuntimeConfig) => ({ secret: createSecretKey(Buffer.from(config.jwtSecret)) }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [
    AuthService,
    UsersRepository,
    UsersService,
    DemoAccountsSeeder,
    LoginAttempts,
    // Order matters: who you are first, then how much you may write.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: WriteRateLimitGuard },
  ],
  exports: [AuthService, UsersRepository, DemoAccountsSeeder],
})
export class AuthModule {}
