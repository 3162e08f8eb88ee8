/**
 * Which governorate a point lies in, from the boundary polygons: a pure
 * function, no map library. Even–odd ray casting handles holes (Rif Dimashq
 * surrounds Damascus) and multipolygons (Tartus with Arwad island). The
 * shipped boundaries are simplified to about 100 m and their shared borders
 * were simplified independently, so a point just outside every polygon (on
 * the coast, on the border, in a sliver between neighbours) is given the
 * nearest polygon within a tolerance.
 */

export type Position = readonly [lon: number, lat: number, ...rest: number[]];
export type Ring = readonly Position[];

export interface GovernorateFeature {
  type: 'Feature';
  properties: { name: string; name_ar?: string; iso_3166_2: string };
  geometry: { type: 'Polygon'; coordinates: readonly Ring[] } | { type: 'MultiPolygon'; coordinates: readonly (readonly Ring[])[] };
}

export interface GovernorateCollection {
  type: 'FeatureCollection';
  features: readonly GovernorateFeature[];
}

export interface GovernorateMatch {
  code: string;
  name: string;
  /** `inside` a polygon, or the `nearest` one to a point just outside all of them. */
  method: 'inside' | 'nearest';
  /** Distance to the polygon's edge, for `nearest`; 0 when inside. */
  distanceKm: number;
}

/** How far outside every polygon a point may be and still be given the nearest: coastline and border slack. */
export const NEAREST_TOLERANCE_KM = 10;

export function governorateAt(
  point: { lat: number; lon: number },
  collection: GovernorateCollection,
  toleranceKm = NEAREST_TOLERANCE_KM,
): GovernorateMatch | null {
  if (!Number.isFinite(point.lat) || !Number.isFinite(point.lon)) return null;
  for (const feature of collection.features) {
    if (polygonsOf(feature).some((polygon) => inPolygon(point, polygon))) {
      return { code: feature.properties.iso_3166_2, name: feature.properties.name, method: 'inside', distanceKm: 0 };
    }
  }
  let best: GovernorateMatch | null = null;
  for (const feature of collection.features) {
    for (const polygon of polygonsOf(feature)) {
      for (const ring of polygon) {
        const d = distanceToRingKm(point, ring);
        if (d <= toleranceKm && (best === null || d < best.distanceKm)) {
          best = { code: feature.properties.iso_3166_2, name: feature.properties.name, method: 'nearest', distanceKm: d };
        }
      }
    }
  }
  return best;
}

function polygonsOf(feature: GovernorateFeature): readonly (readonly Ring[])[] {
  return feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
}

/** Inside the outer ring and outside every hole: even–odd over all rings gives exactly that. */
export function inPolygon(point: { lat: number; lon: number }, rings: readonly Ring[]): boolean {
  let inside = false;
  for (const ring of rings) if (inRing(point, ring)) inside = !inside;
  return inside;
}

function inRing({ lat, lon }: { lat: number; lon: number }, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const KM_PER_DEGREE = 111.32;

/** Distance from a point to a ring's edges, on a local equirectangular plane (exact enough over a few kilometres). */
function distanceToRingKm({ lat, lon }: { lat: number; lon: number }, ring: Ring): number {
  const kx = KM_PER_DEGREE * Math.cos((lat * Math.PI) / 180);
  const ky = KM_PER_DEGREE;
  let best = Infinity;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[i + 1]!;
    const ax = (x1 - lon) * kx;
    const ay = (y1 - lat) * ky;
    const bx = (x2 - lon) * kx;
    const by = (y2 - lat) * ky;
    const dx = bx - ax;
    const dy = by - ay;
    const lengthSquared = dx * dx + dy * dy;
    const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSquared));
    const d = Math.hypot(ax + t * dx, ay + t * dy);
    if (d < best) best = d;
  }
  return best;
}

/** A point to hang a polygon's label on: the area-weighted centroid of its largest outer ring. */
export function labelPoint(feature: GovernorateFeature): { lat: number; lon: number } {
  let bestRing: Ring = [];
  let bestArea = 0;
  for (const polygon of polygonsOf(feature)) {
    const outer = polygon[0] ?? [];
    const area = Math.abs(ringArea(outer));
    if (area > bestArea) {
      bestArea = area;
      bestRing = outer;
    }
  }
  const a = ringArea(bestRing);
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < bestRing.length - 1; i++) {
    const [x1, y1] = bestRing[i]!;
    const [x2, y2] = bestRing[i + 1]!;
    const f = x1 * y2 - x2 * y1;
    cx += (x1 + x2) * f;
    cy += (y1 + y2) * f;
  }
  return a === 0 ? { lat: bestRing[0]?.[1] ?? 0, lon: bestRing[0]?.[0] ?? 0 } : { lon: cx / (6 * a), lat: cy / (6 * a) };
}

function ringArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[i + 1]!;
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}
