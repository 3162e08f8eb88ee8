/** The part of `pg`'s own helpers the statements module uses (pg ships no types for it). */
declare module 'pg/lib/utils.js' {
  /** A value as `pg` sends it as a query parameter: text, a Buffer for binary, or null. */
  export function prepareValue(value: unknown): string | Buffer | null;
  const utils: { prepareValue: typeof prepareValue };
  export default utils;
}
