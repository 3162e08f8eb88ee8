import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import type { AgreementView, IncidentView, LoginResponse } from '@truce-monitor/domain';
import { aReport } from '../support/fixtures.js';
import { launchBrowser } from '../support/browser.js';
import { startProductServer, type ProductServer } from '../support/product-server.js';
import { DEMO_PASSWORD } from '../support/test-app.js';

const SCREENSHOTS = 'tests/browser/screenshots';

describe('dashboard: a report filed through the API appears live', () => {
  let server: ProductServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    server = await startProductServer();
    browser = await launchBrowser();
    context = browser.context;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const api = async <T>(path: string, init: RequestInit & { token?: string } = {}): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${server.baseUrl}${path}`, {
      ...init,
      headers: {
        'Content-Type': 'application/json',
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        ...(init.headers as Record<string, string>),
      },
    });
    return { status: res.status, body: (await res.json()) as T };
  };

  async function signIn(page: Page, username: string) {
    await page.goto(server.baseUrl);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('live-feed').waitFor({ timeout: 10_000 });
  }

  it('shows the seeded truce, connects live, and shows a new report in the feed without a reload', async () => {
    const page = await context.newPage();
    await signIn(page, 'officer-ru');
    await page.getByTestId('connection-state').filter({ hasText: /live/i }).waitFor({ timeout: 10_000 });
    await page.getByText('Nationwide cease-fire in Syria', { exact: false }).first().waitFor();

    // Marks this page load: if the feed only showed the report after a reload, the mark would be gone.
    await page.evaluate(() => ((window as unknown as { __sameLoad: boolean }).__sameLoad = true));
    const monitor = await api<LoginResponse>('/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'monitor', password: DEMO_PASSWORD }),
    });
    const [agreement] = (await api<AgreementView[]>('/api/agreements', { token: monitor.body.accessToken })).body;
    const government = agreement!.parties.find((p) => p.name.startsWith('Syrian Arab Army'))!;
    const filed = await api<IncidentView>('/api/incidents', {
      method: 'POST',
      token: monitor.body.accessToken,
      headers: { 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(aReport(agreement!.id, { perpetratorPartyId: government.id, description: 'Browser test: shelling near the spring.' })),
    });
    expect(filed.status).toBe(201);

    const row = page.locator(`[data-testid="incident-row"][data-incident-id="${filed.body.id}"]`);
    await row.waitFor({ timeout: 5_000 });
    await expect(row.textContent()).resolves.toMatch(/violation/i);
    expect(await page.evaluate(() => (window as unknown as { __sameLoad?: boolean }).__sameLoad)).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/live-operations.png`, fullPage: false });
    await page.close();
  });
});
