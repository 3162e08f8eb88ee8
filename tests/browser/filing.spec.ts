import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import pg from 'pg';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { openScreen, productApi, signIn, waitForValue } from '../support/dashboard.js';
import { startProductServer, type ProductServer } from '../support/product-server.js';

const SCREENSHOTS = 'tests/browser/screenshots';

describe('dashboard: a monitor files reports, online and offline', () => {
  let server: ProductServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let db: pg.Pool;
  let page: Page;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    server = await startProductServer();
    browser = await launchBrowser();
    context = browser.context;
    db = new pg.Pool({ connectionString: server.databaseUrl, max: 2 });
    page = await context.newPage();
    await signIn(page, server.baseUrl, 'monitor');
  });
  afterAll(async () => {
    await db?.end();
    await browser?.close();
    await server?.stop();
  });

  const stored = async (description: string): Promise<number> =>
    Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM incidents WHERE description = $1', [description])).rows[0]!.n);

  /** Fills the whole form the way a monitor does: a town from the gazetteer, the governorate from the point. */
  async function fillReport(description: string, place = 'Douma') {
    const form = page.getByTestId('filing-form');
    await form.getByLabel('Occurred (Damascus time)').fill('2017-01-02T11:30');
    await form.getByRole('combobox', { name: 'Find a town' }).fill('Douma');
    await form.getByRole('option', { name: /Douma/ }).waitFor();
    await form.getByRole('combobox', { name: 'Find a town' }).press('Enter');
    await waitForValue(form.getByLabel('Place name (optional)'), 'Douma');
    // A name of its own, so this report is told apart from the others in the outbox.
    await form.getByLabel('Place name (optional)').fill(place);
    // Filled in from the point, by point-in-polygon against the shipped boundaries.
    await page.waitForFunction(() => (document.querySelector('[data-testid="governorate"]') as HTMLSelectElement | null)?.value === 'SY-RD');
    await form.getByLabel('Event type').selectOption({ label: 'Shelling / artillery' });
    await form.getByLabel('Description', { exact: true }).fill(description);
    await form.getByLabel('Perpetrator').selectOption({ label: 'Syrian Arab Army and government forces' });
    await form.getByRole('radio', { name: 'Civilians' }).check();
    await form.getByLabel('Killed (all), best').fill('2');
    await form.getByLabel('Source 1: note (optional)').fill('heard impacts from the ridge');
  }

  it('lands on the form, validates with the shared schema next to each field, and files a report online', async () => {
    await expect(page.getByTestId('screen-title').textContent()).resolves.toBe('File a report');
    await page.getByTestId('file-submit').click();
    const errors = page.getByTestId('field-error');
    await errors.first().waitFor();
    const messages = await errors.allTextContents();
    expect(messages).toEqual(expect.arrayContaining(['Enter the date and time it happened.', 'Choose the event type.', 'Description must not be empty']));

    const description = `Browser test: filed online ${randomUUID()}`;
    await fillReport(description);
    await expect(page.getByTestId('classification-preview').textContent()).resolves.toMatch(/Violation, for RU to answer/);
    await page.screenshot({ path: `${SCREENSHOTS}/file-report.png`, fullPage: true });
    await page.getByTestId('file-submit').click();
    await page.locator('[data-outcome="accepted"]').waitFor({ timeout: 10_000 });
    await expect(page.locator('[data-outcome="accepted"]').textContent()).resolves.toMatch(/Violation, routed to RU/);
    expect(await stored(description)).toBe(1);
    // The form is empty again; the report is listed as accepted and among the monitor's reports.
    await waitForValue(page.getByTestId('filing-form').getByLabel('Description', { exact: true }), '');
    await page.getByTestId('outbox-accepted').filter({ hasText: 'Douma' }).first().waitFor();
  });

  it('keeps a report filed offline on the device and sends it exactly once when the connection returns', async () => {
    const tag = randomUUID().slice(0, 8);
    const description = `Browser test: filed offline ${tag}`;
    await fillReport(description, `Douma offline ${tag}`);
    await context.setOffline(true);
    await page.getByTestId('outbox-network').filter({ hasText: 'offline' }).waitFor();
    await page.getByTestId('file-submit').click();
    await page.locator('[data-outcome="waiting"]').waitFor({ timeout: 5_000 });
    await page.getByTestId('outbox-waiting').filter({ hasText: tag }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/file-offline-waiting.png`, fullPage: false });
    expect(await stored(description)).toBe(0);

    // A reload while offline loses nothing: the report is in IndexedDB, with its key.
    await context.setOffline(false);
    await page.reload();
    await page.getByTestId('outbox-accepted').filter({ hasText: tag }).waitFor({ timeout: 15_000 });
    await page.getByTestId('outbox-waiting').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await stored(description)).toBe(1);
    // Every later chance to send it (the periodic retry, another "online") changes nothing.
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForTimeout(1500);
    expect(await stored(description)).toBe(1);
  });

  it('sends a report again with the same key when the answer was lost, and the server stores it once', async () => {
    const tag = randomUUID().slice(0, 8);
    const description = `Browser test: answer lost ${tag}`;
    let intercepted = 0;
    // The first POST reaches the server, which stores the report; its answer never reaches the page.
    await page.route('**/api/incidents', async (route) => {
      if (route.request().method() !== 'POST' || intercepted > 0) return route.fallback();
      intercepted += 1;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await fillReport(description, `Douma lost answer ${tag}`);
    await page.getByTestId('file-submit').click();
    await page.locator('[data-outcome="waiting"]').waitFor({ timeout: 5_000 });
    expect(await stored(description)).toBe(1);
    // The outbox retries by itself with the same Idempotency-Key; the server answers with the stored report.
    const accepted = page.getByTestId('outbox-accepted').filter({ hasText: tag });
    await accepted.waitFor({ timeout: 20_000 });
    await expect(accepted.textContent()).resolves.toMatch(/after 2 attempts.*stored once/);
    expect(intercepted).toBe(1);
    expect(await stored(description)).toBe(1);
    await page.unroute('**/api/incidents');
  });

  it('lists a queued report the server later refuses, and opens it in the form with the problem next to its field', async () => {
    const tag = randomUUID().slice(0, 8);
    const description = `Browser test: refused later ${tag}`;
    await fillReport(description, `Douma refused ${tag}`);
    await page.route('**/api/incidents', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      // What a server with another registry would say: this party is not part of the agreement.
      await route.fulfill({
        status: 422,
        contentType: 'application/json',
        body: JSON.stringify({
          statusCode: 422,
          error: 'Unprocessable Entity',
          message: 'The report names a party this agreement does not list.',
          details: [{ field: 'perpetratorPartyId', problem: 'not a party of this agreement' }],
        }),
      });
    });
    await context.setOffline(true);
    await page.getByTestId('file-submit').click();
    await page.locator('[data-outcome="waiting"]').waitFor();
    await context.setOffline(false);
    const refused = page.getByTestId('outbox-refused').filter({ hasText: tag });
    await refused.waitFor({ timeout: 15_000 });
    await expect(refused.textContent()).resolves.toMatch(/perpetratorPartyId.*not a party of this agreement/);
    await page.unroute('**/api/incidents');
    await page.screenshot({ path: `${SCREENSHOTS}/file-refused.png` });

    await refused.getByRole('button', { name: 'Open in the form to fix' }).click();
    const form = page.getByTestId('filing-form');
    await waitForValue(form.getByLabel('Description', { exact: true }), description);
    await form.getByTestId('field-error').filter({ hasText: 'Perpetrator not a party of this agreement' }).waitFor();
    // Fixed and filed again, it goes out once, and the refused copy leaves the device.
    await form.getByLabel('Perpetrator').selectOption({ label: 'Hezbollah' });
    await page.getByTestId('file-submit').click();
    await page.locator('[data-outcome="accepted"]').waitFor({ timeout: 10_000 });
    await refused.waitFor({ state: 'detached' });
    expect(await stored(description)).toBe(1);
  });

  it('shows a refusal next to the field the API names, keeping everything typed', async () => {
    const api = productApi(server.baseUrl);
    // A party the form offers but the API refuses: make one up by renaming the select's value.
    await openScreen(page, '/file');
    const description = `Browser test: refused ${randomUUID()}`;
    await fillReport(description);
    await page.evaluate(() => {
      const select = Array.from(document.querySelectorAll('select')).find((s) => s.labels?.[0]?.textContent === 'Perpetrator')!;
      const option = select.selectedOptions[0]!;
      option.value = '00000000-0000-4000-8000-000000000000';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page.getByTestId('file-submit').click();
    const error = page.getByTestId('filing-form').getByTestId('field-error').filter({ hasText: 'not a party of this agreement' });
    await error.waitFor({ timeout: 10_000 });
    await waitForValue(page.getByTestId('filing-form').getByLabel('Description', { exact: true }), description);
    expect(await stored(description)).toBe(0);
    expect((await api.agreement()).id).toBeTruthy();
  });
});
