import type { Role } from '@truce-monitor/domain';

/** Who reads statistics and exports: everyone but monitors (who see their own reports only). */
export const STATS_ROLES: Role[] = ['analyst', 'admin', 'reviewer', 'officer'];
