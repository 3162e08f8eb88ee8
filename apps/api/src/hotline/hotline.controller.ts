import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  type AuthUser,
  type HotlineChannelInput,
  type HotlineChannelView,
  type HotlineMessageInput,
  type HotlineMessageView,
  hotlineChannelSchema,
  type HotlineMessagesQuery,
  hotlineMessageSchema,
  hotlineMessagesQuerySchema,
} from '@truce-monitor/domain';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { uuidParam } from '../common/params.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { HotlineService } from './hotline.service.js';

const id = new ZodValidationPipe(uuidParam, 'id');

@Controller('hotline')
export class HotlineController {
  constructor(private readonly hotline: HotlineService) {}

  @Roles('officer', 'admin')
  @Get('channels')
  channels(@CurrentUser() user: AuthUser): Promise<HotlineChannelView[]> {
    return this.hotline.channelsFor(user);
  }

  @Roles('admin')
  @Post('channels')
  open(@CurrentUser() user: AuthUser, @Body(new ZodValidationPipe(hotlineChannelSchema)) body: HotlineChannelInput): Promise<HotlineChannelView> {
    return this.hotline.createChannel(user, body);
  }

  @Roles('officer', 'admin')
  @Get('channels/:id/messages')
  messages(
    @CurrentUser() user: AuthUser,
    @Param('id', id) channelId: string,
    @Query(new ZodValidationPipe(hotlineMessagesQuerySchema)) query: HotlineMessagesQuery,
  ): Promise<HotlineMessageView[]> {
    return this.hotline.messages(user, channelId, query);
  }

  @Roles('officer')
  @Post('channels/:id/messages')
  post(
    @CurrentUser() user: AuthUser,
    @Param('id', id) channelId: string,
    @Body(new ZodValidationPipe(hotlineMessageSchema)) body: HotlineMessageInput,
  ): Promise<HotlineMessageView> {
    return this.hotline.post(user, channelId, body);
  }

  @Roles('officer')
  @Post('messages/:id/acknowledgements')
  @HttpCode(201)
  acknowledge(@CurrentUser() user: AuthUser, @Param('id', id) messageId: string): Promise<HotlineMessageView> {
    return this.hotline.acknowledge(user, messageId);
  }
}
