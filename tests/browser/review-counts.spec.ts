import type { IncidentCounts } from '@truce-monitor/domain';
import { VERIFICATION_STATES } from '@truce-monitor/domain';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { productApi, signIn } from '../support/dashboard.js';
import { startProductServer, type ProductServer } from '../support/product-server.js';

/** A change made elsewhere shows in the tabs within this, without a reload. */
const LIVE_WITHIN_MS = 5_000;

describe('dashboard: the review queue counts every tab from the server', () => {
  let server: ProductServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let api: ReturnType<typeof productApi>;

  beforeAll(async () => {
    server = await startProductServer();
    browser = await launchBrowser();
    context = browser.context;
    api = productApi(server.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows each state’s count in its tab and keeps them current from live events', async () => {
    const first = await api.file({ description: 'Browser test: counted A' });
    await api.file({ description: 'Browser test: counted B' });
    const agreement = await api.agreement();
    const serverCounts = async () =>
      (await api.call<IncidentCounts>(`/api/incidents/counts?by=verification&agreementId=${agreement.id}`, { token: await api.token('reviewer') })).body.counts;
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'reviewer');
    await page.getByTestId('connection-state').filter({ hasText: 'live' }).waitFor({ timeout: 10_000 });
    await page.evaluate(() => ((window as unknown as { __sameLoad: boolean }).__sameLoad = true));
    const tab = (state: string) => page.getByTestId(`state-count-${state}`);
    const showsCounts = async (counts: IncidentCounts['counts']) => {
      for (const state of VERIFICATION_STATES) await tab(state).filter({ hasText: new RegExp(`^\\s*${counts[state]}$`) }).waitFor({ timeout: LIVE_WITHIN_MS });
    };
    const before = await serverCounts();
    expect(before.reported).toBeGreaterThanOrEqual(2);
    // Every tab, not only the open one.
    await showsCounts(before);

    // A report filed elsewhere joins the count of its tab.
    await api.file({ description: 'Browser test: counted C' });
    await showsCounts({ ...before, reported: before.reported + 1 });
    // Another reviewer verifies one: it moves from one tab's count to another's.
    const res = await api.call(`/api/incidents/${first.id}/verification`, { method: 'POST', token: await api.token('admin'), body: JSON.stringify({ to: 'verified' }) });
    expect(res.status).toBe(200);
    await showsCounts({ ...before, reported: before.reported, verified: before.verified + 1 });
    expect(await serverCounts()).toEqual({ ...before, verified: before.verified + 1 });
    expect(await page.evaluate(() => (window as unknown as { __sameLoad?: boolean }).__sameLoad)).toBe(true);
    await page.close();
  });
});
