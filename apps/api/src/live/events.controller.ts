import { Controller, Get, Query } from '@nestjs/common';
import { type AuthUser, type EventsPage, resumeRequestSchema } from '@truce-monitor/domain';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { ALL_ROLES, Roles } from '../auth/roles.decorator.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { roomsOf } from './audience.js';
import { EventLogService, MAX_EVENTS_PER_READ } from './event-log.service.js';

const eventsQuerySchema = z.strictObject({
  after: z.coerce.number().pipe(resumeRequestSchema.shape.after),
  limit: z.coerce.number().int().min(1).max(MAX_EVENTS_PER_READ).default(MAX_EVENTS_PER_READ),
});

@Controller('events')
export class EventsController {
  constructor(private readonly log: EventLogService) {}

  /** The events after `after` that the caller may see, oldest first: the HTTP form of a socket replay. */
  @Roles(...ALL_ROLES)
  @Get()
  async list(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(eventsQuerySchema)) query: z.output<typeof eventsQuerySchema>,
  ): Promise<EventsPage> {
    // Everything up to the committed counter is visible, so the caller may skip past events it may not see.
    const head = await this.log.lastSeq();
    const events = await this.log.readAfter(query.after, { rooms: roomsOf(user), upTo: head, limit: query.limit });
    const full = events.length === query.limit;
    return { events, lastSeq: full ? events[events.length - 1]!.seq : Math.max(head, query.after) };
  }
}
