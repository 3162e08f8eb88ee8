import { incidentMatchesQuery, type IncidentView } from '@truce-monitor/domain';
import type { IncidentListFilter } from './incident-keys';

/** One page of `GET /api/incidents`, newest `reportedAt` first. */
export interface IncidentPage {
  items: IncidentView[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** Replaces the incident where it is, or inserts it in `reportedAt` order (newest first) if it belongs on this page. */
export function upsertIntoPage(page: IncidentPage, incident: IncidentView): IncidentPage {
  const index = page.items.findIndex((item) => item.id === incident.id);
  if (index >= 0) {
    const items = page.items.slice();
    items[index] = incident;
    return { ...page, items };
  }
  const reportedAt = Date.parse(incident.reportedAt);
  const oldest = page.items.at(-1);
  // Older than everything on a page that has more after it: it belongs to a later page.
  if (page.nextCursor !== null && oldest && reportedAt < Date.parse(oldest.reportedAt)) return page;
  const position = page.items.findIndex((item) => Date.parse(item.reportedAt) <= reportedAt);
  const items = page.items.slice();
  items.splice(position === -1 ? items.length : position, 0, incident);
  return { ...page, items };
}

/**
 * A live change applied to a list asked with a filter: a report that matches
 * joins or is replaced (in `reportedAt` order for the newest-first list; at the
 * end otherwise, for the view orders them itself), one that no longer matches leaves.
 */
export function applyToFilteredPage(page: IncidentPage, incident: IncidentView, filter: IncidentListFilter): IncidentPage {
  if (!incidentMatchesQuery(incident, filter)) {
    return page.items.some((i) => i.id === incident.id) ? { ...page, items: page.items.filter((i) => i.id !== incident.id) } : page;
  }
  if ((filter.sort ?? 'reported_desc') === 'reported_desc') return upsertIntoPage(page, incident);
  const index = page.items.findIndex((item) => item.id === incident.id);
  const items = page.items.slice();
  if (index >= 0) items[index] = incident;
  else items.push(incident);
  return { ...page, items };
}
