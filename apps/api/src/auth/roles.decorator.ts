import { SetMetadata } from '@nestjs/common';
import type { Role } from '@truce-monitor/domain';

export const ROLES_KEY = 'truce:roles';
export const PUBLIC_KEY = 'truce:public';

/** Who may call an endpoint. Every endpoint declares it: one without @Roles or @Public answers 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** An endpoint anyone may call without a token (login, health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
export const ALL_ROLES: Role[] = ['monitor', 'reviewer', 'officer', 'analyst', 'admin'];
