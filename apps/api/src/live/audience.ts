import { type AuthUser, type GuarantorCode, ROLES, type Role } from '@truce-monitor/domain';

/**
 * Rooms, as the event log names who may see an event. A socket joins the rooms
 * of its account; an event is emitted to the rooms in its audience, and replay
 * reads only events whose audience meets the socket's rooms.
 */
export const roleRoom = (role: Role) => `role:${role}`;
export const guarantorRoom = (code: GuarantorCode) => `guarantor:${code}`;
export const userRoom = (userId: string) => `user:${userId}`;

export function roomsOf(user: AuthUser): string[] {
  const rooms = [roleRoom(user.role), userRoom(user.id)];
  if (user.role === 'officer' && user.guarantor) rooms.push(guarantorRoom(user.guarantor));
  return rooms;
}

/** Who watches every report: reviewers, analysts, admins and every guarantor's officers. */
export const INCIDENT_WATCHERS = [roleRoom('reviewer'), roleRoom('analyst'), roleRoom('admin'), roleRoom('officer')];

/** Everyone signed in: changes to the registry concern every role (monitors file against it). */
export const ALL_ROLE_ROOMS = ROLES.map(roleRoom);
