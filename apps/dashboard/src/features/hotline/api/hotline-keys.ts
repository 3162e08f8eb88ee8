/** Query keys of the hotline feature. */
export const hotlineKeys = {
  all: ['hotline'] as const,
  channels: () => [...hotlineKeys.all, 'channels'] as const,
  messages: (channelId: string) => [...hotlineKeys.all, 'messages', channelId] as const,
  /** What still awaits an acknowledgement on a channel, as the server counts it (not only the messages loaded). */
  awaitingAll: () => [...hotlineKeys.all, 'awaiting'] as const,
  awaiting: (channelId: string) => [...hotlineKeys.awaitingAll(), channelId] as const,
};
