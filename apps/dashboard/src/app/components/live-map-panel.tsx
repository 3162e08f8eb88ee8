import { lazy, Suspense, useCallback, useMemo } from 'react';
import { EVENT_TYPE_LABELS, governorateName, type AgreementView, type IncidentView } from '@truce-monitor/domain';
import { StatusMessage } from '../../components/status-message';
import { useLiveIncidents } from '../../features/incidents/api/get-incidents';
import { ReportTimeline } from '../../features/incidents/components/report-timeline';
import { partyDirectory, perpetratorLabel, targetLabel } from '../../features/incidents/labels';
import { MapLegend } from '../../features/map/legend';

// Leaflet is the largest piece of the dashboard: it loads with the first map shown, not with the app.
const IncidentsMap = lazy(() => import('../../features/map/incidents-map'));

/**
 * The most markers drawn at once: the newest reports held. Each marker is a
 * DOM element; past a few hundred the map only gets slower and no easier to read.
 */
export const MAP_MARKER_LIMIT = 500;

/** The live reports on the map of Syria, with the legend and the timeline. */
export function LiveMapPanel({ agreement, focus = null, tall = false }: { agreement: AgreementView; focus?: string | null; tall?: boolean }) {
  const incidents = useLiveIncidents(agreement.id);
  const describe = useDescribe(agreement);
  const held = incidents.data?.items;
  const items = useMemo(() => {
    const newest = (held ?? []).slice(0, MAP_MARKER_LIMIT);
    // A report asked for by the address is drawn however old it is.
    const focused = focus && !newest.some((i) => i.id === focus) ? held?.find((i) => i.id === focus) : undefined;
    return focused ? [...newest, focused] : newest;
  }, [held, focus]);
  const total = held?.length ?? 0;
  return (
    <section className={tall ? 'panel map-panel map-panel--tall' : 'panel map-panel'} aria-labelledby="map-panel-title" data-testid="map-panel">
      <header className="panel__header">
        <h2 id="map-panel-title">Map</h2>
        <span className="muted">
          {total > items.length ? `the newest ${items.length} of ${total.toLocaleString('en-GB')} reports held` : `${items.length} reports`}, by classification
        </span>
      </header>
      <Suspense fallback={<StatusMessage>Loading the map…</StatusMessage>}>
        <IncidentsMap incidents={items} describe={describe} focusId={focus} label="Map of Syria's governorates with the reports" />
      </Suspense>
      <MapLegend incidents={items} />
      <ReportTimeline incidents={held ?? items} agreement={agreement} />
    </section>
  );
}

/** One line that says what a report is, for map popups and marker titles. */
export function useDescribe(agreement: AgreementView): (incident: IncidentView) => string {
  const parties = useMemo(() => partyDirectory(agreement), [agreement]);
  return useCallback(
    (i: IncidentView) =>
      `${EVENT_TYPE_LABELS[i.eventType]} at ${i.placeName ?? governorateName(i.governorate)}: ${perpetratorLabel(i, parties)} against ${targetLabel(i, parties)}`,
    [parties],
  );
}
