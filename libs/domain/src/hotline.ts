import { z } from 'zod';
import { text } from './text.js';
import { GUARANTOR_CODES, type GuarantorCode } from './vocabulary.js';

export const MAX_HOTLINE_MESSAGE_LENGTH = 4000;
/** The longest a message may give the other side to acknowledge it. */
export const MAX_ACK_MINUTES = 7 * 24 * 60;

/**
 * A hotline message. Nothing is edited or deleted: a correction is a new
 * message that names the one it corrects. A message may require the other
 * side's acknowledgement within a deadline.
 */
export const hotlineMessageSchema = z.strictObject({
  body: text()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(MAX_HOTLINE_MESSAGE_LENGTH, { error: `must be at most ${MAX_HOTLINE_MESSAGE_LENGTH} characters` }),
  refersTo: z.array(z.uuid({ error: 'must be report ids (UUIDs)' })).max(20).default([]),
  corrects: z.uuid({ error: 'must be the id (UUID) of a message of this channel' }).optional(),
  requiresAckWithinMinutes: z.int().min(1).max(MAX_ACK_MINUTES).optional(),
});
export type HotlineMessageInput = z.output<typeof hotlineMessageSchema>;

export const hotlineChannelSchema = z.strictObject({
  agreementId: z.uuid(),
  name: text().trim().min(1).max(200),
  guarantors: z
    .array(z.enum(GUARANTOR_CODES))
    .min(2, { error: 'a channel joins at least two guarantors' })
    .refine((g) => new Set(g).size === g.length, { error: 'must not repeat a guarantor' }),
});
export type HotlineChannelInput = z.output<typeof hotlineChannelSchema>;

export interface HotlineChannelView {
  id: string;
  agreementId: string;
  name: string;
  guarantors: GuarantorCode[];
}

export interface HotlineMessageView {
  id: string;
  channelId: string;
  fromGuarantor: GuarantorCode;
  body: string;
  refersTo: string[];
  corrects: string | null;
  sentAt: string;
  /** When the other side must have acknowledged by; null when no acknowledgement is asked. */
  ackBy: string | null;
  acknowledgements: { guarantor: GuarantorCode; at: string }[];
  /** Guarantors that still owe an acknowledgement. */
  awaiting: GuarantorCode[];
  overdue: boolean;
}
