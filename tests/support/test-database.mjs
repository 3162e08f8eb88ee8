// @ts-check
/** The migrated database every test database is copied from. */
export const TEMPLATE_DB = 'truce_test_template';

/** @param {string} url @param {string} database */
export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
