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
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = partsOf(damascusParts, date);
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}`;
}

/** `2017-01-02 09:30:00 UTC`, the exact instant, for a tooltip. */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
