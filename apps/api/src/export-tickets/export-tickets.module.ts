import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { ExportTicketsController } from './export-tickets.controller.js';
import { ExportTicketsService } from './export-tickets.service.js';

/** Single-use download tickets for the exports (see ExportTicketGuard, on the exports controller). */
@Module({
  imports: [AuditModule, AuthModule],
  controllers: [ExportTicketsController],
  providers: [ExportTicketsService],
  exports: [ExportTicketsService],
})
export class ExportTicketsModule {}
