/** Query keys of the hotline feature. */
export const hotlineKeys = {
  all: ['hotline'] as const,
  channels: () => [...hotlineKeys.all, 'channels'] as const,
  messages: (channelId: string) => [...hotlineKeys.all, 'messages', channelId] as const,
};
