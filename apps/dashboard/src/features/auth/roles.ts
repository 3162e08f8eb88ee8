import type { Role } from '@truce-monitor/domain';

export const ROLE_LABELS: Record<Role, string> = {
  monitor: 'Monitor',
  reviewer: 'Reviewer',
  officer: 'Guarantor officer',
  analyst: 'Analyst',
  admin: 'Administrator',
};

/** The accounts `npm start` seeds outside production, one per role. */
export const DEMO_ACCOUNTS: readonly { username: string; role: string }[] = [
  { username: 'monitor', role: 'Monitor' },
  { username: 'reviewer', role: 'Reviewer' },
  { username: 'officer-ru', role: 'Officer, Russia' },
  { username: 'officer-tr', role: 'Officer, Turkey' },
  { username: 'officer-ir', role: 'Officer, Iran' },
  { username: 'analyst', role: 'Analyst' },
  { username: 'admin', role: 'Administrator' },
];
export const DEMO_PASSWORD = 'truce-demo';
