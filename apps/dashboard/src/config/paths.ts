import type { VerificationState } from '@truce-monitor/domain';

/** Every address the dashboard has, in one place, so links and the router cannot drift apart. */
export const paths = {
  operations: '/operations',
  queue: '/queue',
  report: (id: string) => `/reports/${encodeURIComponent(id)}`,
  file: '/file',
  review: (state?: VerificationState) => (state ? `/review?state=${state}` : '/review'),
  map: (focus?: string) => (focus ? `/map?focus=${encodeURIComponent(focus)}` : '/map'),
} as const;
