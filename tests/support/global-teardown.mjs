// @ts-check
/** Stops the embedded PostgreSQL the setup started (its data folder goes with it). */
export default async function globalTeardown() {
  await globalThis.__TRUCE_TEST_PG__?.stop();
}
