/**
 * A plain multi-row INSERT for the hot write path. TypeORM's insert builder
 * rewrites every parameter of the statement (quadratic in practice), which
 * made batched filings spend most of their time building SQL; the columns
 * here are written out by the caller and checked by the database as always.
 * Values are bound as parameters (appended to `params`); objects go to jsonb
 * as JSON. The statement is returned rather than run, so a caller can put
 * several writes into one statement (as data-modifying WITH clauses) and pay
 * one round trip to the database instead of several.
 */
export function insertRowsSql(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], params: unknown[]): string {
  if (rows.length === 0) throw new Error(`insertRowsSql(${table}): no rows`);
  const tuples = rows.map((row) => {
    if (row.length !== columns.length) throw new Error(`insertRowsSql(${table}): ${row.length} values for ${columns.length} columns`);
    return `(${row.map((value) => {
      params.push(value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value) ? JSON.stringify(value) : value);
      return `$${params.length}`;
    })})`;
  });
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`;
}
