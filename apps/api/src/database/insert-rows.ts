import type { EntityManager } from 'typeorm';

/**
 * A plain multi-row INSERT for the hot write path. TypeORM's insert builder
 * rewrites every parameter of the statement (quadratic in practice), which
 * made batched filings spend most of their time building SQL; the columns
 * here are written out by the caller and checked by the database as always.
 * Values are bound as parameters; objects go to jsonb as JSON.
 */
export async function insertRows(
  manager: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    if (row.length !== columns.length) throw new Error(`insertRows(${table}): ${row.length} values for ${columns.length} columns`);
    return `(${row.map((value) => {
      params.push(value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value) ? JSON.stringify(value) : value);
      return `$${params.length}`;
    })})`;
  });
  await manager.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
}
