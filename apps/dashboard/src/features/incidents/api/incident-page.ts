import type { IncidentView } from '@truce-monitor/domain';

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
