/**
 * RFC 4180 CSV, written by hand because it is small and on the hot path of
 * every export: fields separated by commas, records ended by CRLF, a field
 * quoted when it holds a quote, comma, CR or LF, quotes inside doubled.
 * (The tests read what it writes back with csv-parse.)
 */

/**
 * OWASP "CSV injection": a text cell starting with = + - @ tab or CR would run
 * as a formula in a spreadsheet, so it gets a leading single quote. Applied to
 * text cells only: numbers (a negative longitude) are data, not formulas.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvField(value: unknown, isText = false): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : String(value);
  if (isText) s = neutralise(s);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvRecord(fields: readonly string[]): string {
  return `${fields.join(',')}\r\n`;
}
