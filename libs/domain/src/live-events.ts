import { z } from 'zod';
import type { IncidentView } from './incident.schema.js';
import type { HotlineChannelView, HotlineMessageView } from './hotline.js';
import type { GuarantorCode } from './vocabulary.js';

/** The socket.io namespace the dashboard listens on. */
export const LIVE_NAMESPACE = '/live';

export const LIVE_EVENT_TYPES = [
  'incident.created',
  'incident.updated',
  'incident.overdue',
  'hotline.message',
  'hotline.acknowledged',
  'hotline.overdue',
  'hotline.channel_opened',
  'registry.updated',
] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

export interface LiveEventPayloads {
  'incident.created': IncidentView;
  'incident.updated': IncidentView;
  'incident.overdue': { incidentId: string; responsibleGuarantor: GuarantorCode; acknowledgeBy: string };
  'hotline.message': HotlineMessageView;
  'hotline.acknowledged': { messageId: string; channelId: string; byGuarantor: GuarantorCode; at: string };
  /** A message passed its acknowledgement deadline with guarantors still silent. */
  'hotline.overdue': { messageId: string; channelId: string; awaiting: GuarantorCode[]; ackBy: string };
  /** An administrator opened a channel; sent to its guarantors' officers and to admins. */
  'hotline.channel_opened': HotlineChannelView;
  /** The truce registry changed (a party, a signatory status, a designation or a position): refetch the agreement. */
  'registry.updated': { agreementId: string; change: 'party' | 'signatory_status' | 'exclusion' | 'position'; entityId: string };
}

/** Every live event: a gapless sequence number from the event log, its type, when it was committed, its data. */
export interface LiveEvent<T extends LiveEventType = LiveEventType> {
  seq: number;
  type: T;
  at: string;
  data: LiveEventPayloads[T];
}

/** Server → client events, typed for both ends of the socket. */
export type ServerToClientEvents = {
  [T in LiveEventType]: (event: LiveEvent<T>) => void;
} & {
  /** A problem with something the client sent (a bad `resume`, an unknown event). */
  'live.error': (error: { message: string; field?: string }) => void;
  /** Replay after `resume` or a handshake `after` finished; `count` events were replayed. */
  'live.replayed': (info: { after: number; count: number; lastSeq: number }) => void;
};

export interface ClientToServerEvents {
  resume: (request: { after: number }) => void;
}

/** `resume` and the handshake's `after`: the last sequence number the client holds. */
export const resumeRequestSchema = z.strictObject({
  after: z.int({ error: 'must be a whole number' }).min(0, { error: 'must be zero or more' }).max(Number.MAX_SAFE_INTEGER),
});

/** `GET /api/events?after=`: the events the caller may see, and the number to ask from next time. */
export interface EventsPage {
  events: LiveEvent[];
  lastSeq: number;
}
