/**
 * The agreement's clock. Statistics count days in Damascus time and officers
 * read times the way the field reports them; the exact instant stays in UTC.
 */
export const DAMASCUS_TIME_ZONE = 'Asia/Damascus';

const damascusParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: DAMASCUS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function partsOf(formatter: Intl.DateTimeFormat, date: Date): Record<string, string> {
  return Object.fromEntries(formatter.formatToParts(date).map((p) => [p.type, p.value]));
}

/** `2017-01-02 11:30`, in Damascus time: sortable and unambiguous at a glance. */
export function formatDamascusTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return damascusWallClock(ms).slice(0, 16).replace('T', ' ');
}

const HOUR_MS = 3_600_000;
/** Damascus's offset per UTC hour: it changes only on the hour, so one Intl call per hour seen is exact. */
const offsetByHour = new Map<number, number>();

/**
 * The Damascus wall clock at an instant as `2017-01-02T11:30:00.000`. Ten
 * thousand reports on screen format their times quickly this way: Intl is
 * asked for the offset once per hour, not once per time shown.
 */
function damascusWallClock(ms: number): string {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    if (offsetByHour.size > 50_000) offsetByHour.clear();
    offset = damascusOffsetMs(hour * HOUR_MS);
    offsetByHour.set(hour, offset);
  }
  return new Date(ms + offset).toISOString();
}

/** `2017-01-02 09:30:00 UTC`, the exact instant, for a tooltip. */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const damascusSeconds = new Intl.DateTimeFormat('en-GB', {
  timeZone: DAMASCUS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Damascus's offset from UTC at an instant, in milliseconds (UTC+2 in winter 2016–17, UTC+3 since 2022). */
export function damascusOffsetMs(epochMs: number): number {
  const p = partsOf(damascusSeconds, new Date(epochMs));
  const asUtc = Date.UTC(+p['year']!, +p['month']! - 1, +p['day']!, +p['hour']!, +p['minute']!, +p['second']!);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** `2017-01-02`, the calendar day in Damascus: the day statistics count an event on. */
export function damascusDay(iso: string | number): string {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  if (Number.isNaN(ms)) {
    const p = partsOf(damascusParts, new Date(iso));
    return `${p['year']}-${p['month']}-${p['day']}`;
  }
  return damascusWallClock(ms).slice(0, 10);
}

/**
 * A wall-clock time typed in Damascus (`2017-01-02T11:30`, as a
 * `datetime-local` input gives it) as the UTC instant it names, or null if it
 * is not a date-time. Resolved against Damascus's offset at that moment, so
 * summer and winter time both come out right.
 */
export function damascusLocalToIso(local: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const wall = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, s ? +s : 0);
  if (Number.isNaN(wall)) return null;
  // The offset at the guess, then again at the corrected instant (they differ only across a clock change).
  let instant = wall - damascusOffsetMs(wall);
  instant = wall - damascusOffsetMs(instant);
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}

/** The inverse: an instant as the `datetime-local` value for Damascus (`2017-01-02T11:30`). */
export function isoToDamascusLocal(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return formatDamascusTime(iso).replace(' ', 'T');
}

/** `2 h 05 min`, `3 d 4 h`, `45 s`: a span for countdowns and "how long ago", largest units first. */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  return `${seconds} s`;
}
