import type { VerificationState } from '@truce-monitor/domain';

/** The admin screen's sections. */
export const ADMIN_SECTIONS = ['parties', 'exclusions', 'users'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

/** Every address the dashboard has, in one place, so links and the router cannot drift apart. */
export const paths = {
  operations: '/operations',
  queue: '/queue',
  report: (id: string) => `/reports/${encodeURIComponent(id)}`,
  file: '/file',
  review: (state?: VerificationState) => (state ? `/review?state=${state}` : '/review'),
  map: (focus?: string) => (focus ? `/map?focus=${encodeURIComponent(focus)}` : '/map'),
  hotline: (channel?: string) => (channel ? `/hotline?channel=${encodeURIComponent(channel)}` : '/hotline'),
  /** The analysts' view; `query` is the filter (and view options) as a query string, without `?`. */
  analysis: (query?: string) => (query ? `/analysis?${query}` : '/analysis'),
  admin: (section?: AdminSection) => (section && section !== 'parties' ? `/admin?section=${section}` : '/admin'),
} as const;
