// @ts-check
/** Stops the embedded PostgreSQL the setup started (its data folder goes with it). */
export default async function globalTeardown() {
  const running = /** @type {{ __TRUCE_TEST_PG__?: { stop(): Promise<void> } }} */ (/** @type {unknown} */ (globalThis)).__TRUCE_TEST_PG__;
  await running?.stop();
}
