import './leaflet-2d';
import 'leaflet/dist/leaflet.css';
import type { GeoJsonObject } from 'geojson';
import { divIcon, latLngBounds, type LeafletMouseEvent, type Marker as LeafletMarker, type PathOptions } from 'leaflet';
import { useEffect, useMemo, useRef } from 'react';
import { AttributionControl, GeoJSON, MapContainer, Marker, Popup, TileLayer, useMap, useMapEvents } from 'react-leaflet';
import { OUTCOME_LABELS, SYRIA_BOUNDS, type IncidentView } from '@truce-monitor/domain';
import { paths } from '../../config/paths';
import { labelPoint, type GovernorateCollection } from '../../lib/geo/governorate-lookup';
import { BOUNDARIES_ATTRIBUTION, useGovernorateShapes } from '../../lib/geo/geodata';
import { Link } from '../../lib/router';
import { OUTCOME_MARKERS, markerClass } from './outcome-markers';

/** Syria, with a little sea and border around it. */
const SYRIA = latLngBounds([SYRIA_BOUNDS.minLat, SYRIA_BOUNDS.minLon], [SYRIA_BOUNDS.maxLat, SYRIA_BOUNDS.maxLon]);
const LIMITS = SYRIA.pad(0.35);

/**
 * An optional tile server (`VITE_MAP_TILE_URL` at build time, e.g.
 * `https://tile.example.org/{z}/{x}/{y}.png`); without one the map draws only
 * the governorates, which is all it needs. The API's Content-Security-Policy
 * must then allow that origin in `img-src`.
 */
const TILE_URL: string | undefined = import.meta.env['VITE_MAP_TILE_URL'] as string | undefined;
const TILE_ATTRIBUTION: string = (import.meta.env['VITE_MAP_TILE_ATTRIBUTION'] as string | undefined) ?? '';

const GOVERNORATE_STYLE: PathOptions = { color: '#6b7684', weight: 1, fillColor: '#fbfbf8', fillOpacity: 1 };

export interface MapPoint {
  lat: number;
  lon: number;
}

export interface IncidentsMapProps {
  incidents: readonly IncidentView[];
  /** One line per report for its marker's popup (event, place, parties). */
  describe: (incident: IncidentView) => string;
  /** A report to centre on and open. */
  focusId?: string | null;
  /** Picking mode (the filing form): a click sets the point. */
  onPick?: (point: MapPoint) => void;
  picked?: MapPoint | null;
  label: string;
}

/** Syria's governorates and the reports on them, drawn with no tile server. */
export default function IncidentsMap({ incidents, describe, focusId = null, onPick, picked = null, label }: IncidentsMapProps) {
  const shapes = useGovernorateShapes();
  return (
    <div className="map-frame" role="region" aria-label={label} data-testid="map">
      <MapContainer
        bounds={SYRIA}
        maxBounds={LIMITS}
        minZoom={5}
        maxZoom={13}
        zoomSnap={0.1}
        className={onPick ? 'map map--picking' : 'map'}
        attributionControl={false}
      >
        <AttributionControl prefix='<a href="https://leafletjs.com">Leaflet</a>' />
        {TILE_URL && <TileLayer url={TILE_URL} attribution={TILE_ATTRIBUTION} />}
        <FitToFrame />
        {shapes.data && <Governorates shapes={shapes.data} />}
        {incidents.map((incident) => (
          <IncidentMarker key={incident.id} incident={incident} describe={describe} focused={incident.id === focusId} />
        ))}
        {onPick && <PickHandler onPick={onPick} />}
        {picked && Number.isFinite(picked.lat) && Number.isFinite(picked.lon) && (
          <Marker
            position={[picked.lat, picked.lon]}
            icon={divIcon({ className: 'map-pick', html: '<span aria-hidden="true">+</span>', iconSize: [22, 22] })}
            title={`Picked point ${picked.lat.toFixed(4)}, ${picked.lon.toFixed(4)}`}
            keyboard={false}
          />
        )}
      </MapContainer>
      {shapes.isError && <p className="map-frame__error">The governorate boundaries could not be loaded.</p>}
    </div>
  );
}

function Governorates({ shapes }: { shapes: GovernorateCollection }) {
  const labels = useMemo(
    () => shapes.features.map((f) => ({ code: f.properties.iso_3166_2, name: f.properties.name, at: labelPoint(f) })),
    [shapes],
  );
  return (
    <>
      <GeoJSON
        data={shapes as unknown as GeoJsonObject}
        style={GOVERNORATE_STYLE}
        attribution={BOUNDARIES_ATTRIBUTION}
        interactive={false}
      />
      {labels.map((l) => (
        <Marker
          key={l.code}
          position={[l.at.lat, l.at.lon]}
          interactive={false}
          keyboard={false}
          icon={divIcon({ className: `gov-label gov-label--${l.code}`, html: escapeHtml(l.name), iconSize: [0, 0] })}
        />
      ))}
    </>
  );
}

function IncidentMarker({ incident, describe, focused }: { incident: IncidentView; describe: (i: IncidentView) => string; focused: boolean }) {
  const ref = useRef<LeafletMarker>(null);
  const map = useMap();
  const outcome = incident.classification.outcome;
  const icon = useMemo(
    () =>
      divIcon({
        className: 'map-marker-icon',
        html: `<span class="${markerClass(outcome)}" data-testid="map-marker" data-incident-id="${incident.id}" data-outcome="${outcome}"><span class="map-marker__glyph">${escapeHtml(OUTCOME_MARKERS[outcome].glyph)}</span></span>`,
        iconSize: [20, 20],
        iconAnchor: [10, 10],
        popupAnchor: [0, -10],
      }),
    [incident.id, outcome],
  );
  useEffect(() => {
    if (!focused || !ref.current) return;
    map.setView([incident.location.lat, incident.location.lon], Math.max(map.getZoom(), 9));
    ref.current.openPopup();
  }, [focused, map, incident.location.lat, incident.location.lon]);

  const text = `${OUTCOME_LABELS[outcome]}: ${describe(incident)}`;
  return (
    <Marker ref={ref} position={[incident.location.lat, incident.location.lon]} icon={icon} title={text} alt={text} riseOnHover>
      <Popup>
        <strong>{OUTCOME_LABELS[outcome]}</strong>
        <br />
        {describe(incident)}
        <br />
        <Link to={paths.report(incident.id)}>Open the report</Link>
      </Popup>
    </Marker>
  );
}

function PickHandler({ onPick }: { onPick: (point: MapPoint) => void }) {
  useMapEvents({
    click: (event: LeafletMouseEvent) => onPick({ lat: round(event.latlng.lat), lon: round(event.latlng.lng) }),
  });
  return null;
}

/** Re-fits Syria to the frame whenever the frame changes size, until the user pans or zooms. */
function FitToFrame() {
  const map = useMap();
  useEffect(() => {
    let userMoved = false;
    const stop = () => (userMoved = true);
    map.on('dragstart', stop);
    map.getContainer().addEventListener('wheel', stop, { passive: true });
    map.getContainer().addEventListener('keydown', stop);
    map.on('popupopen', stop);
    const observer = new ResizeObserver(() => {
      map.invalidateSize();
      if (!userMoved) map.fitBounds(SYRIA, { animate: false, padding: [10, 10] });
    });
    observer.observe(map.getContainer());
    return () => {
      observer.disconnect();
      map.off('dragstart', stop);
      map.off('popupopen', stop);
      map.getContainer().removeEventListener('wheel', stop);
      map.getContainer().removeEventListener('keydown', stop);
    };
  }, [map]);
  return null;
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

