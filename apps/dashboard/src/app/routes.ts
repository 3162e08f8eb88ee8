import { VERIFICATION_STATES, type AuthUser, type Role, type VerificationState } from '@truce-monitor/domain';
import { ADMIN_SECTIONS, paths, type AdminSection } from '../config/paths';

export type Route =
  | { name: 'landing' }
  | { name: 'operations' }
  | { name: 'queue' }
  | { name: 'report'; id: string }
  | { name: 'file' }
  | { name: 'review'; state: VerificationState }
  | { name: 'map'; focus: string | null }
  | { name: 'hotline'; channel: string | null }
  | { name: 'analysis'; search: string }
  | { name: 'admin'; section: AdminSection }
  | { name: 'not-found'; path: string };

export type RouteName = Route['name'];

/** Who may open each screen; the API enforces the same on every call, this only keeps the navigation honest. */
export const ROUTE_ROLES: Record<Exclude<RouteName, 'landing' | 'not-found'>, readonly Role[]> = {
  operations: ['officer', 'reviewer', 'analyst', 'admin'],
  queue: ['officer'],
  report: ['monitor', 'officer', 'reviewer', 'analyst', 'admin'],
  file: ['monitor', 'reviewer', 'admin'],
  review: ['reviewer', 'admin'],
  map: ['officer', 'reviewer', 'analyst', 'admin'],
  // Officers write on their guarantor's channels; admins read every channel.
  hotline: ['officer', 'admin'],
  analysis: ['analyst', 'reviewer', 'admin', 'officer'],
  admin: ['admin'],
};

export function parseRoute(location: string): Route {
  const url = new URL(location, 'http://dashboard.invalid');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const segments = path.split('/').filter(Boolean);
  if (path === '/') return { name: 'landing' };
  if (path === paths.operations) return { name: 'operations' };
  if (path === paths.queue) return { name: 'queue' };
  if (path === paths.file) return { name: 'file' };
  if (path === paths.review()) {
    const state = url.searchParams.get('state');
    return { name: 'review', state: isVerificationState(state) ? state : 'reported' };
  }
  if (path === paths.map()) return { name: 'map', focus: url.searchParams.get('focus') };
  if (path === paths.hotline()) return { name: 'hotline', channel: url.searchParams.get('channel') };
  if (path === paths.analysis()) return { name: 'analysis', search: url.search };
  if (path === paths.admin()) {
    const section = url.searchParams.get('section');
    return { name: 'admin', section: ADMIN_SECTIONS.includes(section as AdminSection) ? (section as AdminSection) : 'parties' };
  }
  if (segments[0] === 'reports' && segments.length === 2) return { name: 'report', id: decodeURIComponent(segments[1]!) };
  return { name: 'not-found', path };
}

function isVerificationState(value: string | null): value is VerificationState {
  return VERIFICATION_STATES.includes(value as VerificationState);
}

export function canOpen(route: Route, role: Role): boolean {
  if (route.name === 'landing' || route.name === 'not-found') return true;
  return ROUTE_ROLES[route.name].includes(role);
}

/** Where each role starts: the view it spends its day in. */
export function landingPath(user: AuthUser): string {
  switch (user.role) {
    case 'monitor':
      return paths.file;
    case 'reviewer':
      return paths.review();
    case 'analyst':
      return paths.analysis();
    case 'officer':
    case 'admin':
      return paths.operations;
  }
}

export interface NavItem {
  route: Exclude<RouteName, 'landing' | 'not-found' | 'report'>;
  to: string;
  label: string;
}

/** The navigation, in the order each role works. */
export function navItemsFor(user: AuthUser): NavItem[] {
  const items: Record<NavItem['route'], NavItem> = {
    operations: { route: 'operations', to: paths.operations, label: 'Live operations' },
    queue: { route: 'queue', to: paths.queue, label: user.guarantor ? `${user.guarantor} queue` : 'Queue' },
    file: { route: 'file', to: paths.file, label: 'File a report' },
    review: { route: 'review', to: paths.review(), label: 'Review queue' },
    map: { route: 'map', to: paths.map(), label: 'Map' },
    hotline: { route: 'hotline', to: paths.hotline(), label: 'Hotline' },
    analysis: { route: 'analysis', to: paths.analysis(), label: 'Analysis' },
    admin: { route: 'admin', to: paths.admin(), label: 'Administration' },
  };
  const order: Record<Role, NavItem['route'][]> = {
    monitor: ['file'],
    officer: ['operations', 'queue', 'hotline', 'map', 'analysis'],
    reviewer: ['review', 'operations', 'map', 'file', 'analysis'],
    analyst: ['analysis', 'operations', 'map'],
    admin: ['operations', 'admin', 'hotline', 'review', 'map', 'file', 'analysis'],
  };
  return order[user.role].map((route) => items[route]);
}
