import { mkdir } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { openScreen, productApi, signIn } from '../support/dashboard.js';
import { startProductServer, type ProductServer } from '../support/product-server.js';

const SCREENSHOTS = 'tests/browser/screenshots';

describe('dashboard: administration of the registry and the accounts', () => {
  let server: ProductServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let api: ReturnType<typeof productApi>;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    server = await startProductServer();
    browser = await launchBrowser();
    context = browser.context;
    api = productApi(server.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function adminOn(path: string, ready: string): Promise<Page> {
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'admin');
    await openScreen(page, path);
    await page.getByTestId(ready).waitFor({ timeout: 10_000 });
    return page;
  }

  async function officerOnOperations(): Promise<Page> {
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'officer-ru');
    await page.getByTestId('connection-state').filter({ hasText: 'live' }).waitFor({ timeout: 10_000 });
    return page;
  }

  it("changes a party's signatory status from a date; the officer's screen follows live and the history keeps both", async () => {
    const officer = await officerOnOperations();
    const summary = officer.getByTestId('party-summary');
    const agreement = await api.agreement();
    const party = agreement.parties.find((p) => p.name.startsWith('Jaysh al-Islam'))!;
    expect(party.signatoryStatus).toBe('unknown');
    const signed = agreement.parties.filter((p) => p.signatoryStatus === 'signed').length;
    await summary.filter({ hasText: `${signed} signed` }).waitFor();
    await officer.evaluate(() => ((window as unknown as { __sameLoad: boolean }).__sameLoad = true));

    const admin = await adminOn('/admin', 'admin-parties');
    const row = admin.locator(`[data-testid="party-row"][data-party-id="${party.id}"]`);
    await row.getByTestId('current-status').filter({ hasText: 'Unknown' }).waitFor();
    await row.getByTestId('party-history').locator('summary').click();
    const form = row.getByTestId('signatory-form');
    await form.locator('input[type="radio"][value="signed"]').check();
    await form.getByLabel('From (Damascus time)').fill('2017-01-05T12:00');
    await form.getByLabel('Claimed by').fill('Browser test: the group announced it');
    await form.getByRole('button', { name: 'Record the status' }).click();
    await form.getByTestId('signatory-done').filter({ hasText: 'signed from 2017-01-05 12:00 Damascus' }).waitFor();

    // The admin's table shows the new status, in words and a sign, and the history both, newest first.
    await row.getByTestId('current-status').filter({ hasText: 'Signed' }).waitFor();
    await expect(row.getByTestId('current-status').textContent()).resolves.toBe('✓ Signed');
    await row.locator('.admin-history li').nth(1).waitFor();
    await expect(row.locator('.admin-history li').first().textContent()).resolves.toMatch(/Signed from 2017-01-05 12:00.*Browser test/);
    // The instant went to the API in UTC: 12:00 Damascus was 10:00 UTC in January 2017.
    await expect(row.locator('.admin-history li time').first().getAttribute('title')).resolves.toBe('2017-01-05 10:00:00 UTC');

    // The officer, on another screen, sees the registry change without a reload.
    await summary.filter({ hasText: `${signed + 1} signed` }).waitFor({ timeout: 5_000 });
    expect(await officer.evaluate(() => (window as unknown as { __sameLoad?: boolean }).__sameLoad)).toBe(true);
    await admin.screenshot({ path: `${SCREENSHOTS}/admin-signatory-changed.png` });
    await admin.close();
    await officer.close();
  });

  it('shows the API refusal next to the field it names, keeping what was typed', async () => {
    const admin = await adminOn('/admin', 'add-party-form');
    const form = admin.getByTestId('add-party-form');
    await form.getByLabel('Name', { exact: true }).fill('Ahrar al-Sham');
    await form.getByLabel('Bloc').selectOption('opposition');
    await form.getByLabel('Signatory status').selectOption('unknown');
    await form.getByLabel('Other names').fill('Harakat Ahrar al-Sham al-Islamiyya');
    await form.getByRole('button', { name: 'Add the party' }).click();
    // A name the agreement already has: the server says so, on the Name field.
    await form.getByTestId('field-error').filter({ hasText: 'Name already used in this agreement' }).waitFor();
    await expect(form.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(form.getByLabel('Other names').inputValue()).resolves.toBe('Harakat Ahrar al-Sham al-Islamiyya');
    // Fixed, it goes through.
    await form.getByLabel('Name', { exact: true }).fill('Browser Test Brigade');
    await form.getByRole('button', { name: 'Add the party' }).click();
    await admin.locator('[data-testid="party-row"][data-party-name="Browser Test Brigade"]').waitFor({ timeout: 5_000 });
    await admin.close();
  });

  it('designates a linked group: disputed until the others accept, agreed once they do, disputed again when one objects; said in words, live for everyone', async () => {
    const officer = await officerOnOperations();
    const exclusionSummary = officer.getByTestId('exclusion-summary');
    const before = (await api.agreement()).exclusions.filter((e) => e.standing === 'disputed').length;

    const admin = await adminOn('/admin?section=exclusions', 'admin-exclusions');
    // RU designates a linked group (an opposition party with no exclusion yet).
    const agreement = await api.agreement();
    const excluded = new Set(agreement.exclusions.map((e) => e.partyId));
    const target = agreement.parties.find((p) => !excluded.has(p.id) && p.bloc === 'opposition')!;
    const designate = admin.getByTestId('designate-form');
    await designate.getByLabel('Party').selectOption(target.id);
    await designate.getByLabel('Designated by', { exact: true }).selectOption('RU');
    await designate.getByLabel('Basis').fill('Browser test: fights alongside Jabhat Fateh al-Sham.');
    await designate.getByRole('button', { name: 'Designate' }).click();
    const card = admin.locator(`[data-testid="exclusion"][data-party-name="${target.name}"]`);
    await card.waitFor({ timeout: 5_000 });
    // One guarantor's word is not enough: a new designation stands disputed until the others accept it.
    await card.locator('[data-testid="standing"][data-standing="disputed"]').filter({ hasText: 'Disputed' }).waitFor();
    await card.locator('summary').filter({ hasText: 'Record a position' }).click();
    const position = card.getByTestId('position-form');
    const record = async (guarantor: string, stance: 'accepts' | 'disputes', note: string) => {
      await position.getByLabel('Guarantor').selectOption(guarantor);
      await position.locator(`input[type="radio"][value="${stance}"]`).check();
      await position.getByLabel('Note').fill(note);
      await position.getByRole('button', { name: 'Record the position' }).click();
      await position.locator('.form-done').filter({ hasText: `${guarantor} ${stance} the designation` }).waitFor();
    };
    await record('TR', 'accepts', 'Browser test: accepted.');
    await record('IR', 'accepts', 'Browser test: accepted.');
    await card.locator('[data-testid="standing"][data-standing="agreed"]').filter({ hasText: 'Agreed' }).waitFor({ timeout: 5_000 });
    await exclusionSummary.filter({ hasText: `${before} disputed` }).waitFor({ timeout: 5_000 });

    // Turkey changes its mind: the standing says "Disputed" again, and Turkey's row says "Disputes".
    await record('TR', 'disputes', 'Browser test: no evidence of a link.');
    await card.locator('[data-testid="standing"][data-standing="disputed"]').filter({ hasText: 'Disputed' }).waitFor({ timeout: 5_000 });
    await expect(card.locator('[data-testid="position-row"][data-guarantor="TR"]').textContent()).resolves.toMatch(/✗ Disputes.*no evidence/);
    await expect(card.locator('[data-testid="position-row"][data-guarantor="IR"]').textContent()).resolves.toMatch(/✓ Accepts/);
    await exclusionSummary.filter({ hasText: `${before + 1} disputed` }).waitFor({ timeout: 5_000 });
    await admin.screenshot({ path: `${SCREENSHOTS}/admin-designation-disputed.png`, fullPage: true });
    await admin.close();
    await officer.close();
  });

  it('creates a user, disables and enables it; a disabled account cannot sign in', async () => {
    const admin = await adminOn('/admin?section=users', 'admin-users');
    await admin.getByTestId('user-row').first().waitFor();
    const form = admin.getByTestId('create-user-form');
    await form.getByLabel('Username').fill('browser-officer');
    await form.getByLabel('Password', { exact: true }).fill('short');
    await form.getByLabel('Role').selectOption('officer');
    await form.getByRole('button', { name: 'Create the user' }).click();
    // The shared schema refuses it before the API is asked.
    await form.getByTestId('field-error').filter({ hasText: 'Password must be at least 12 characters' }).waitFor();
    await form.getByTestId('field-error').filter({ hasText: 'Choose the guarantor this officer speaks for.' }).waitFor();
    await form.getByLabel('Password', { exact: true }).fill('browser-test-password');
    await form.getByLabel('Guarantor').selectOption('TR');
    await form.getByRole('button', { name: 'Create the user' }).click();
    await form.getByTestId('user-created').filter({ hasText: 'browser-officer can sign in as guarantor officer of TR' }).waitFor();
    const row = admin.locator('[data-testid="user-row"][data-username="browser-officer"]');
    await row.getByTestId('account-status').filter({ hasText: 'Active' }).waitFor();

    const login = () =>
      api.call('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'browser-officer', password: 'browser-test-password' }) });
    expect((await login()).status).toBe(200);
    await row.getByTestId('toggle-user').click();
    await row.getByTestId('account-status').filter({ hasText: 'Disabled' }).waitFor();
    expect((await login()).status).toBeGreaterThanOrEqual(400);
    await admin.screenshot({ path: `${SCREENSHOTS}/admin-user-disabled.png` });
    await row.getByTestId('toggle-user').click();
    await row.getByTestId('account-status').filter({ hasText: 'Active' }).waitFor();
    expect((await login()).status).toBe(200);
    // The admin's own account offers no "Disable".
    await expect(admin.locator('[data-testid="user-row"][data-username="admin"] [data-testid="toggle-user"]').count()).resolves.toBe(0);
    await admin.close();
  });
});
