import { type EventType, GOVERNORATES, type GovernorateCode, SYRIA_BOUNDS, damascusInstant, isCalendarDay } from '@truce-monitor/domain';

/**
 * The two conflict-event datasets we import, read row by row into one shape.
 * Pure: no database, no mapping of actors to parties (that needs the
 * registry); each row gives a record or the reason it cannot be one.
 *
 * ACLED (codebook 2019–2024): `event_id_cnty`, `event_date`, `time_precision`
 * (1 day, 2 week, 3 month), `event_type` / `sub_event_type`, `actor1`/`actor2`
 * with `inter1`/`inter2` (1 state forces, 2 rebel groups, 3 political
 * militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians,
 * 8 external/other forces; from 2024 the same as words), `admin1`,
 * `location`, `latitude`/`longitude`, `geo_precision` (1 the place, 2 near it
 * or a part of a region, 3 only a larger region), `source`, `notes`, `fatalities`.
 *
 * UCDP GED (version 23+): `id`, `type_of_violence` (1 state-based, 2 non-state,
 * 3 one-sided), `side_a`/`side_b`, `date_start`, `date_prec` (1–5) and
 * `where_prec` (1–7) — our own scales, carried over as they are — `adm_1`,
 * `where_coordinates`, `latitude`/`longitude`, `best`/`low`/`high`,
 * `deaths_civilians`, `source_article`.
 */

export type SourceSystem = 'acled' | 'ucdp';

export interface SourceRecord {
  sourceId: string;
  /** The event's Damascus calendar day. */
  day: string;
  occurredAt: string;
  timePrecision: number;
  lat: number;
  lon: number;
  geoPrecision: number;
  governorate: GovernorateCode;
  placeName: string | null;
  eventType: EventType;
  actor1: string;
  actor2: string;
  inter1: string;
  inter2: string;
  /** One-sided violence against civilians (UCDP type 3): the target is civilians whatever side_b says. */
  targetsCivilians: boolean;
  killed: { low: number; best: number; high: number };
  civiliansKilled: number;
  description: string;
  sourceNote: string;
}

export type Parsed = { ok: true; record: SourceRecord } | { ok: false; reason: string };

export const REQUIRED_COLUMNS: Record<SourceSystem, readonly string[]> = {
  acled: ['event_id_cnty', 'event_date', 'time_precision', 'event_type', 'sub_event_type', 'actor1', 'actor2', 'country', 'admin1', 'location', 'latitude', 'longitude', 'geo_precision', 'source', 'notes', 'fatalities'],
  ucdp: ['id', 'type_of_violence', 'side_a', 'side_b', 'country', 'adm_1', 'latitude', 'longitude', 'where_prec', 'date_start', 'date_prec', 'best', 'low', 'high', 'deaths_civilians'],
};

/** Names a header lacks, in the order the format lists them. */
export function missingColumns(format: SourceSystem, header: readonly string[]): string[] {
  const have = new Set(header.map((h) => h.trim().toLowerCase()));
  return REQUIRED_COLUMNS[format].filter((c) => !have.has(c));
}

/** ACLED event types (sub-event first) in our vocabulary. */
const ACLED_EVENT_TYPES: Record<string, EventType> = {
  'armed clash': 'armed_clash',
  'government regains territory': 'territorial_advance',
  'non-state actor overtakes territory': 'territorial_advance',
  'shelling/artillery/missile attack': 'shelling',
  'air/drone strike': 'air_strike',
  'remote explosive/landmine/ied': 'remote_explosive',
  'suicide bomb': 'remote_explosive',
  grenade: 'remote_explosive',
  attack: 'attack_on_civilians',
  'sexual violence': 'attack_on_civilians',
  'abduction/forced disappearance': 'arrest_or_abduction',
  arrests: 'arrest_or_abduction',
};

/** Normalised governorate names as ACLED, UCDP and OCHA spell them. */
const GOVERNORATE_ALIASES: Record<string, GovernorateCode> = (() => {
  const aliases: Record<string, GovernorateCode> = {};
  const add = (code: GovernorateCode, ...names: string[]) => names.forEach((n) => (aliases[normaliseName(n)] = code));
  for (const g of GOVERNORATES) add(g.code, g.name, g.code);
  add('SY-DI', 'Dimashq', 'Damascus City');
  add('SY-RD', 'Rural Damascus', 'Rif Dimashq', 'Reef Damascus', 'Damascus Countryside', 'Rif Damashq');
  add('SY-HL', 'Halab');
  add('SY-HI', 'Hims');
  add('SY-HM', 'Hamah');
  add('SY-LA', 'Lattakia', 'Al Ladhiqiyah', 'Latakia', 'Ladhiqiyah');
  add('SY-ID', 'Idleb', 'Idlib');
  add('SY-HA', 'Al Hasakeh', 'Al Hasakah', 'Hasakeh', 'Hasakah', 'Al-Hasakeh', 'Hassakeh');
  add('SY-DY', 'Deir-ez-Zor', 'Deir ez Zor', 'Dayr az Zawr', 'Deir Ez-Zor', 'Deir-ez-Zour');
  add('SY-TA', 'Tartous', 'Tartus');
  add('SY-RA', 'Ar-Raqqa', 'Raqqa', 'Ar Raqqah', 'Al Raqqa', 'Ar-Raqqah');
  add('SY-DR', "Dar'a", 'Daraa', 'Deraa', 'Dara');
  add('SY-SU', 'As-Sweida', 'As-Suwayda', "As Suwayda'", 'Sweida', 'Suwayda');
  add('SY-QU', 'Quneitra', 'Al Qunaytirah', 'Qunaytirah');
  return aliases;
})();

export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\b(governorate|province|muhafazat)\b/g, '')
    .replace(/[^a-z0-9]/g, '');
}

export function governorateOf(name: string): GovernorateCode | null {
  return GOVERNORATE_ALIASES[normaliseName(name)] ?? null;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A day as the datasets write it: 2017-01-02, 2017-01-02 00:00:00(.000), or ACLED's older "02 January 2017". */
export function parseDay(value: string): string | null {
  const v = value.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(v);
  if (iso) return isCalendarDay(iso[1]!) ? iso[1]! : null;
  const long = /^(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})$/.exec(v);
  if (long) {
    const month = MONTHS.findIndex((m) => m.startsWith(long[2]!.toLowerCase()) && long[2]!.length >= 3);
    if (month < 0) return null;
    const day = `${long[3]}-${String(month + 1).padStart(2, '0')}-${long[1]!.padStart(2, '0')}`;
    return isCalendarDay(day) ? day : null;
  }
  return null;
}

const int = (value: string | undefined, min: number, max: number): number | null => {
  const v = (value ?? '').trim();
  if (!/^-?\d+$/.test(v)) return null;
  const n = Number(v);
  return n >= min && n <= max ? n : null;
};

function coordinates(latText: string | undefined, lonText: string | undefined): { lat: number; lon: number } | string {
  const lat = Number((latText ?? '').trim());
  const lon = Number((lonText ?? '').trim());
  if (!(latText ?? '').trim() || !Number.isFinite(lat)) return `bad latitude ${JSON.stringify(latText)}`;
  if (!(lonText ?? '').trim() || !Number.isFinite(lon)) return `bad longitude ${JSON.stringify(lonText)}`;
  if (lat < SYRIA_BOUNDS.minLat || lat > SYRIA_BOUNDS.maxLat || lon < SYRIA_BOUNDS.minLon || lon > SYRIA_BOUNDS.maxLon)
    return `the point ${lat}, ${lon} is outside Syria`;
  return { lat, lon };
}

/** Text as PostgreSQL stores it (no NUL), trimmed and cut to a length. */
const clean = (value: string | undefined, max: number) => (value ?? '').replaceAll('\u0000', '').trim().slice(0, max);

/** Noon in Damascus: the datasets give days, and noon keeps an event on its day whatever the clocks do. */
const noons = new Map<string, string>();
const noon = (day: string) => {
  let at = noons.get(day);
  if (at === undefined) noons.set(day, (at = damascusInstant(day, 12).toISOString()));
  return at;
};

export function parseAcled(row: Record<string, string>): Parsed {
  const fail = (reason: string): Parsed => ({ ok: false, reason });
  const sourceId = clean(row.event_id_cnty, 100);
  if (!sourceId) return fail('event_id_cnty is empty');
  if (clean(row.country, 100).toLowerCase() !== 'syria') return fail(`not an event in Syria (country ${JSON.stringify(row.country)})`);
  const day = parseDay(row.event_date ?? '');
  if (!day) return fail(`bad event_date ${JSON.stringify(row.event_date)}`);
  const timePrecision = int(row.time_precision, 1, 3);
  if (timePrecision === null) return fail(`bad time_precision ${JSON.stringify(row.time_precision)} (1, 2 or 3)`);
  const geoPrecision = int(row.geo_precision, 1, 3);
  if (geoPrecision === null) return fail(`bad geo_precision ${JSON.stringify(row.geo_precision)} (1, 2 or 3)`);
  const point = coordinates(row.latitude, row.longitude);
  if (typeof point === 'string') return fail(point);
  const governorate = governorateOf(row.admin1 ?? '');
  if (!governorate) return fail(`unknown governorate (admin1) ${JSON.stringify(row.admin1)}`);
  const fatalities = int(row.fatalities, 0, 1_000_000);
  if (fatalities === null) return fail(`bad fatalities ${JSON.stringify(row.fatalities)}`);
  const sub = clean(row.sub_event_type, 200);
  const eventType = ACLED_EVENT_TYPES[sub.toLowerCase()] ?? 'other';
  const actor1 = clean(row.actor1, 300);
  if (!actor1) return fail('actor1 is empty');
  const place = clean(row.location, 200);
  return {
    ok: true,
    record: {
      sourceId,
      day,
      occurredAt: noon(day),
      // ACLED's scale onto UCDP's: a day is a day; "within a week" is 3, "within a month" is 4.
      timePrecision: [1, 3, 4][timePrecision - 1]!,
      ...point,
      // 1 the place itself; 2 near it (UCDP: within about 25 km); 3 only the region (UCDP 4: the governorate).
      geoPrecision: [1, 2, 4][geoPrecision - 1]!,
      governorate,
      placeName: place || null,
      eventType,
      actor1,
      actor2: clean(row.actor2, 300),
      inter1: clean(row.inter1, 50),
      inter2: clean(row.inter2, 50),
      targetsCivilians: false,
      killed: { low: fatalities, best: fatalities, high: fatalities },
      civiliansKilled: 0,
      description: clean(row.notes, 10_000) || `${clean(row.event_type, 100)}: ${sub}${place ? ` in ${place}` : ''}.`,
      sourceNote: clean(`ACLED ${sourceId} (${clean(row.event_type, 100)} / ${sub}); sources: ${clean(row.source, 1500)}`, 2000),
    },
  };
}

export function parseUcdp(row: Record<string, string>): Parsed {
  const fail = (reason: string): Parsed => ({ ok: false, reason });
  const sourceId = clean(row.id, 100);
  if (!sourceId) return fail('id is empty');
  if (!clean(row.country, 100).toLowerCase().startsWith('syria')) return fail(`not an event in Syria (country ${JSON.stringify(row.country)})`);
  const day = parseDay(row.date_start ?? '');
  if (!day) return fail(`bad date_start ${JSON.stringify(row.date_start)}`);
  const timePrecision = int(row.date_prec, 1, 5);
  if (timePrecision === null) return fail(`bad date_prec ${JSON.stringify(row.date_prec)} (1 to 5)`);
  const geoPrecision = int(row.where_prec, 1, 7);
  if (geoPrecision === null) return fail(`bad where_prec ${JSON.stringify(row.where_prec)} (1 to 7)`);
  const point = coordinates(row.latitude, row.longitude);
  if (typeof point === 'string') return fail(point);
  const governorate = governorateOf(row.adm_1 ?? '');
  if (!governorate) return fail(`unknown governorate (adm_1) ${JSON.stringify(row.adm_1)}`);
  const [low, best, high] = [int(row.low, 0, 1_000_000), int(row.best, 0, 1_000_000), int(row.high, 0, 1_000_000)];
  if (low === null || best === null || high === null) return fail(`bad deaths (low ${JSON.stringify(row.low)}, best ${JSON.stringify(row.best)}, high ${JSON.stringify(row.high)})`);
  if (!(low <= best && best <= high)) return fail(`deaths must be low ≤ best ≤ high (${low}, ${best}, ${high})`);
  const civilians = int(row.deaths_civilians, 0, 1_000_000);
  if (civilians === null) return fail(`bad deaths_civilians ${JSON.stringify(row.deaths_civilians)}`);
  const violence = int(row.type_of_violence, 1, 3);
  if (violence === null) return fail(`bad type_of_violence ${JSON.stringify(row.type_of_violence)} (1, 2 or 3)`);
  const actor1 = clean(row.side_a, 300);
  if (!actor1) return fail('side_a is empty');
  const place = clean(row.where_coordinates, 200);
  return {
    ok: true,
    record: {
      sourceId,
      day,
      occurredAt: noon(day),
      timePrecision,
      ...point,
      geoPrecision,
      governorate,
      placeName: place || null,
      eventType: violence === 3 ? 'attack_on_civilians' : 'armed_clash',
      actor1,
      actor2: clean(row.side_b, 300),
      inter1: '',
      inter2: '',
      targetsCivilians: violence === 3,
      killed: { low, best, high },
      civiliansKilled: Math.min(civilians, best),
      description: clean(row.source_headline, 10_000) || `${['State-based', 'Non-state', 'One-sided'][violence - 1]} violence: ${clean(row.dyad_name, 500) || `${actor1} – ${clean(row.side_b, 300)}`}${place ? ` at ${place}` : ''}.`,
      sourceNote: clean(`UCDP GED ${sourceId}; ${clean(row.source_article, 1800)}`, 2000),
    },
  };
}

export const PARSERS: Record<SourceSystem, (row: Record<string, string>) => Parsed> = { acled: parseAcled, ucdp: parseUcdp };
