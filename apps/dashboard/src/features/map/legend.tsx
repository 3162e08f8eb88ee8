import type { IncidentView, Outcome } from '@truce-monitor/domain';
import { LEGEND, markerClass } from './outcome-markers';

/** What each marker means, with how many of each are on the map; outside the map so it reads as plain text. */
export function MapLegend({ incidents }: { incidents: readonly IncidentView[] }) {
  const counts = new Map<Outcome, number>();
  for (const i of incidents) counts.set(i.classification.outcome, (counts.get(i.classification.outcome) ?? 0) + 1);
  return (
    <ul className="map-legend" aria-label="Map legend" data-testid="map-legend">
      {LEGEND.map((entry) => (
        <li key={entry.outcome} className={counts.get(entry.outcome) ? undefined : 'map-legend__empty'}>
          <span className={markerClass(entry.outcome)} aria-hidden="true">
            <span className="map-marker__glyph">{entry.glyph}</span>
          </span>
          {entry.label} <span className="muted">{counts.get(entry.outcome) ?? 0}</span>
        </li>
      ))}
    </ul>
  );
}
