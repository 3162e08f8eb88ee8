import { AxeBuilder } from '@axe-core/playwright';
import { mkdir } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { openScreen, productApi, signIn } from '../support/dashboard.js';
import { startProductServer, type ProductServer } from '../support/product-server.js';

const SCREENSHOTS = 'tests/browser/screenshots';

/** The main views, each for the role that works in it, checked with axe and photographed. */
describe('dashboard: accessibility of the main views, and keyboard use', () => {
  let server: ProductServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let reportId: string;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    server = await startProductServer();
    browser = await launchBrowser();
    context = browser.context;
    const api = productApi(server.baseUrl);
    const government = await api.partyId('Syrian Arab Army');
    const ahrar = await api.partyId('Ahrar al-Sham');
    reportId = (await api.file({ perpetratorPartyId: government, description: 'Browser test: shelling of the spring.' })).id;
    await api.file({
      perpetratorPartyId: ahrar,
      governorate: 'SY-ID',
      placeName: 'Saraqib',
      location: { lat: 35.86, lon: 36.8 },
      eventType: 'armed_clash',
      description: 'Browser test: clash at the checkpoint.',
    });
    // A hotline message from Turkey that refers to the report and waits for Russia's acknowledgement.
    const [channel] = (await api.call<{ id: string }[]>('/api/hotline/channels', { token: await api.token('officer-tr') })).body;
    const posted = await api.call(`/api/hotline/channels/${channel!.id}/messages`, {
      method: 'POST',
      token: await api.token('officer-tr'),
      body: JSON.stringify({ body: 'Browser test: we see shelling at the spring; please check.', refersTo: [reportId], requiresAckWithinMinutes: 60 }),
    });
    if (posted.status !== 201) throw new Error(`hotline post: ${posted.status}`);
    await api.file({ occurredAt: '2016-12-28T10:00:00Z', description: 'Browser test: before the truce.', location: { lat: 36.2, lon: 37.15 }, governorate: 'SY-HL', placeName: 'Aleppo' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Serious and critical axe violations, said in a way a failing test can show. */
  async function seriousViolations(page: Page): Promise<string[]> {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  }

  const views: { name: string; user: string | null; path?: string; ready: (page: Page) => Promise<unknown> }[] = [
    { name: 'sign-in', user: null, ready: (p) => p.getByRole('button', { name: 'Sign in' }).waitFor() },
    { name: 'operations-officer', user: 'officer-ru', path: '/operations', ready: (p) => p.locator('[data-testid="map-marker"]').first().waitFor() },
    { name: 'queue-officer', user: 'officer-ru', path: '/queue', ready: (p) => p.getByTestId('queue-row').first().waitFor() },
    { name: 'report-officer', user: 'officer-ru', path: '/reports/{id}', ready: (p) => p.getByTestId('answer-form').waitFor() },
    { name: 'report-reviewer', user: 'reviewer', path: '/reports/{id}', ready: (p) => p.getByTestId('verification-form').waitFor() },
    { name: 'review-queue', user: 'reviewer', path: '/review', ready: (p) => p.getByTestId('review-row').first().waitFor() },
    { name: 'file-monitor', user: 'monitor', path: '/file', ready: (p) => p.getByTestId('my-report').first().waitFor() },
    { name: 'map-analyst', user: 'analyst', path: '/map', ready: (p) => p.locator('[data-testid="map-marker"]').nth(2).waitFor() },
    {
      name: 'hotline-officer',
      user: 'officer-ru',
      path: '/hotline',
      ready: async (p) => {
        await p.getByTestId('acknowledge').waitFor();
        await p.getByTestId('report-picker').locator('summary').click();
        await p.getByTestId('report-choice').first().waitFor();
      },
    },
    { name: 'hotline-no-channel', user: 'officer-ir', path: '/hotline', ready: (p) => p.getByTestId('hotline-no-channel').waitFor() },
    {
      name: 'admin-parties',
      user: 'admin',
      path: '/admin',
      ready: async (p) => {
        await p.getByTestId('party-history').first().locator('summary').click();
        await p.getByTestId('signatory-form').first().waitFor();
      },
    },
    { name: 'admin-exclusions', user: 'admin', path: '/admin?section=exclusions', ready: (p) => p.locator('[data-standing="disputed"]').first().waitFor() },
    { name: 'admin-users', user: 'admin', path: '/admin?section=users', ready: (p) => p.getByTestId('user-row').nth(3).waitFor() },
  ];

  it.each(views)('$name has no serious or critical axe violations', async ({ name, user, path, ready }) => {
    const page = await context.newPage();
    if (user) {
      await signIn(page, server.baseUrl, user);
      if (path) await openScreen(page, path.replace('{id}', reportId));
    } else {
      await page.goto(server.baseUrl);
    }
    await ready(page);
    await page.waitForTimeout(300); // let the map settle its layout
    await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('lets the live feed be read with the keyboard: one tab stop, arrow keys between cells, Enter opens the report', async () => {
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'analyst');
    await openScreen(page, '/operations');
    const grid = page.getByTestId('feed-grid');
    const rows = grid.getByTestId('incident-row');
    await rows.nth(2).waitFor();
    await expect(grid.getAttribute('role')).resolves.toBe('grid');
    await expect(grid.getAttribute('aria-rowcount')).resolves.toBe(String((await rows.count()) + 1));
    // The whole grid is one tab stop.
    await expect(grid.locator('[tabindex="0"]').count()).resolves.toBe(1);
    const where = () =>
      page.evaluate(() => {
        const cell = document.activeElement as HTMLElement | null;
        return cell?.closest('[data-testid="feed-grid"]') ? `${cell.closest('tr')?.getAttribute('aria-rowindex')}:${cell.getAttribute('data-col')}` : null;
      });
    for (let i = 0; i < 40 && (await where()) === null; i += 1) await page.keyboard.press('Tab');
    await expect(where()).resolves.toBe('2:0');
    await page.keyboard.press('ArrowDown');
    await expect(where()).resolves.toBe('3:0');
    await page.keyboard.press('End');
    await expect(where()).resolves.toBe('3:7');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowUp');
    await expect(where()).resolves.toBe('2:0');
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
    await expect(where()).resolves.toBe('2:3');
    const id = await rows.first().getAttribute('data-incident-id');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/reports/${id}$`));
    await page.close();
  });

  it('shows field errors accessibly on the filing form', async () => {
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'monitor');
    await page.getByTestId('file-submit').click();
    await page.getByTestId('field-error').first().waitFor();
    // The first invalid control is announced with its message.
    const described = await page.locator('[aria-invalid="true"]').first().getAttribute('aria-describedby');
    expect(described).toBeTruthy();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/file-monitor-errors.png` });
    await page.close();
  });

  it('lets an officer move between screens, open a report and answer it with the keyboard alone', async () => {
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'officer-ru');
    await page.getByTestId('queue-row').first().waitFor();
    // After signing in the focus is on the start screen's title.
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Live operations');
    // From the top of a freshly loaded page, the first stop is the skip link; then on to the "RU queue" link, and follow it.
    await page.reload();
    await page.getByTestId('queue-row').first().waitFor();
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    for (let i = 0; i < 30; i += 1) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'nav-queue') break;
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/queue$/);
    // The focus lands on the new screen's title, and Tab goes on from there.
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('screen-title');
    for (let i = 0; i < 30; i += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.classList.contains('row-link'))) break;
    }
    await page.keyboard.press('Enter');
    await page.getByTestId('answer-form').waitFor();
    for (let i = 0; i < 60; i += 1) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)) === 'response') break;
    }
    await page.keyboard.press('Space'); // the first answer, "Acknowledged"
    await page.keyboard.press('Tab'); // reasons
    await page.keyboard.press('Tab'); // send
    await page.keyboard.press('Enter');
    await page.getByTestId('answer-done').filter({ hasText: 'Acknowledged' }).waitFor();
    await page.close();
  });
});
