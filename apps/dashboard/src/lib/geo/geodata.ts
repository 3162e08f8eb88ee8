import { queryOptions, useQuery } from '@tanstack/react-query';
import type { GovernorateCollection } from './governorate-lookup';

/**
 * The reference geodata shipped with the dashboard (public/data/, see its
 * README for sources and licences). Static files: fetched once, kept for the page's life.
 */
export const GOVERNORATES_URL = '/data/syria-governorates.geojson';
export const PLACES_URL = '/data/syria-places.csv';

export const BOUNDARIES_ATTRIBUTION = 'Boundaries: UN OCHA / UNCS via geoBoundaries (Runfola et al. 2020), CC BY 3.0 IGO';
export const PLACES_ATTRIBUTION = 'Places: countries-states-cities-database by dr5hn (ODbL 1.0)';

async function fetchStatic(url: string, signal: AbortSignal): Promise<Response> {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`Could not load ${url} (${response.status}).`);
  return response;
}

export const governoratesQueryOptions = queryOptions({
  queryKey: ['static', 'governorates'],
  queryFn: async ({ signal }) => (await (await fetchStatic(GOVERNORATES_URL, signal)).json()) as GovernorateCollection,
  staleTime: Infinity,
  gcTime: Infinity,
});

export const useGovernorateShapes = () => useQuery(governoratesQueryOptions);

/** One place of the gazetteer. */
export interface Place {
  name: string;
  nameLocal: string;
  lat: number;
  lon: number;
  governorate: string;
  governorateCode: string;
}

/** Parses the gazetteer CSV (RFC 4180: quoted fields may hold commas and doubled quotes). */
export function parsePlaces(csv: string): Place[] {
  const rows = parseCsv(csv);
  const header = rows.shift() ?? [];
  const col = (name: string) => header.indexOf(name);
  const [name, local, lat, lon, gov, iso] = ['name', 'name_local', 'lat', 'lon', 'governorate', 'governorate_iso'].map(col);
  return rows
    .filter((r) => r.length >= header.length)
    .map((r) => ({
      name: r[name!]!,
      nameLocal: r[local!]!,
      lat: Number(r[lat!]),
      lon: Number(r[lon!]),
      governorate: r[gov!]!,
      governorateCode: r[iso!]!,
    }))
    .filter((p) => p.name && Number.isFinite(p.lat) && Number.isFinite(p.lon))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

export const placesQueryOptions = queryOptions({
  queryKey: ['static', 'places'],
  queryFn: async ({ signal }) => parsePlaces(await (await fetchStatic(PLACES_URL, signal)).text()),
  staleTime: Infinity,
  gcTime: Infinity,
});

export const usePlaces = () => useQuery(placesQueryOptions);
