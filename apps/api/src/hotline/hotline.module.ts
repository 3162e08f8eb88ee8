import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HotlineChannelEntity } from './hotline-channel.entity.js';
import { HotlineService } from './hotline.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([HotlineChannelEntity])],
  providers: [HotlineService],
  exports: [HotlineService],
})
export class HotlineModule {}
