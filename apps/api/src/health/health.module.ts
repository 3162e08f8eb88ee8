import { Module } from '@nestjs/common';
import { LiveModule } from '../live/live.module.js';
import { HealthController } from './health.controller.js';

@Module({ imports: [LiveModule], controllers: [HealthController] })
export class HealthModule {}
