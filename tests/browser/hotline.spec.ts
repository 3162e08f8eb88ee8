import { mkdir } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import type { HotlineChannelView, HotlineMessageView } from '@truce-monitor/domain';
import { launchBrowser } from '../support/browser.js';
import { openScreen, productApi, signIn, waitForValue } from '../support/dashboard.js';
import { startProductServer, type ProductServer } from '../support/product-server.js';

const SCREENSHOTS = 'tests/browser/screenshots';
/** A message or an acknowledgement shows on the other side's screen within this, without a reload. */
const LIVE_WITHIN_MS = 5_000;

describe('dashboard: the hotline between guarantor officers', () => {
  let server: ProductServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let api: ReturnType<typeof productApi>;
  let channel: HotlineChannelView;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    server = await startProductServer();
    browser = await launchBrowser();
    context = browser.context;
    api = productApi(server.baseUrl);
    channel = (await api.call<HotlineChannelView[]>('/api/hotline/channels', { token: await api.token('officer-ru') })).body[0]!;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function officerOnHotline(username: string): Promise<Page> {
    const page = await context.newPage();
    await signIn(page, server.baseUrl, username);
    await page.getByTestId('connection-state').filter({ hasText: 'live' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('nav-hotline').click();
    await page.getByTestId('hotline-log').waitFor({ timeout: 10_000 });
    return page;
  }

  /** The message whose own text holds `text` (a correction quotes the message it corrects, so its text is not enough). */
  const message = (page: Page, text: string) => page.getByTestId('hotline-message').filter({ has: page.getByTestId('message-body').filter({ hasText: text }) });

  it('RU posts a message referring to a report and asking for acknowledgement; TR sees it live and acknowledges; RU sees the acknowledgement', async () => {
    const government = await api.partyId('Syrian Arab Army');
    const report = await api.file({ perpetratorPartyId: government, placeName: 'Ain al-Fijah', description: 'Browser test: hotline reference.' });
    const ru = await officerOnHotline('officer-ru');
    const tr = await officerOnHotline('officer-tr');
    await tr.evaluate(() => ((window as unknown as { __sameLoad: boolean }).__sameLoad = true));

    // RU writes, picks the report among the recent ones, asks for acknowledgement within 30 minutes.
    const text = 'Shelling reported at Ain al-Fijah; please check your side.';
    const composer = ru.getByTestId('hotline-composer');
    await composer.getByLabel('Message', { exact: true }).fill(text);
    await composer.getByTestId('report-picker').locator('summary').click();
    await composer.getByTestId('report-filter').fill(report.id.slice(0, 8));
    await composer.locator(`[data-testid="report-choice"][data-incident-id="${report.id}"]`).check();
    await composer.getByTestId('ack-select').selectOption('30');
    await composer.getByTestId('send-message').click();
    await composer.getByTestId('message-sent').filter({ hasText: /Sent at .*TR must acknowledge by/ }).waitFor();
    // Sent, the form is empty again for the next message.
    await waitForValue(composer.getByLabel('Message', { exact: true }), '');
    const onRu = message(ru, text);
    await onRu.getByTestId('ack-status').filter({ hasText: /awaiting TR: .* left/ }).waitFor();

    // TR sees it without a reload: the report it refers to, the countdown, and that it waits for TR.
    const sentAt = Date.now();
    const onTr = message(tr, text);
    await onTr.waitFor({ timeout: LIVE_WITHIN_MS });
    console.info(`hotline message on the other side's screen ${Date.now() - sentAt} ms after the sender saw it sent`);
    await onTr.locator(`[data-testid="referred-report"][data-incident-id="${report.id}"]`).waitFor();
    await expect(onTr.getByTestId('referred-report').textContent()).resolves.toMatch(/Shelling \/ artillery at Ain al-Fijah/);
    await tr.getByTestId('awaiting-me').filter({ hasText: '1 message waits for Turkey' }).waitFor();
    const awaitingItem = tr.getByTestId('awaiting-item').filter({ hasText: text.slice(0, 30) });
    await awaitingItem.filter({ hasText: /awaiting TR: .*left/ }).waitFor();
    // Damascus time on screen, the exact UTC instant on hover.
    await expect(onTr.locator('time').first().getAttribute('title')).resolves.toMatch(/UTC$/);
    expect(await tr.evaluate(() => (window as unknown as { __sameLoad?: boolean }).__sameLoad)).toBe(true);
    await tr.screenshot({ path: `${SCREENSHOTS}/hotline-officer-tr.png` });

    // TR acknowledges; RU sees it live, and nothing awaits any more.
    await onTr.getByTestId('acknowledge').click();
    await onTr.getByTestId('ack-status').filter({ hasText: /acknowledged by TR/ }).waitFor();
    await onRu.getByTestId('ack-status').filter({ hasText: /acknowledged by TR .* before the deadline/ }).waitFor({ timeout: LIVE_WITHIN_MS });
    await ru.getByTestId('hotline-awaiting').filter({ hasText: 'Nothing awaits acknowledgement.' }).waitFor();
    await expect(onRu.getByTestId('acknowledge').count()).resolves.toBe(0);

    // Nothing is edited: RU corrects with a new message that names the first; both sides see the link.
    await onRu.getByTestId('correct-message').click();
    await ru.getByTestId('correcting').waitFor();
    const correction = 'Correction: the shelling was at Bassima, not Ain al-Fijah.';
    await composer.getByLabel('Message', { exact: true }).fill(correction);
    await composer.getByTestId('send-message').click();
    await message(tr, correction).getByTestId('corrects').filter({ hasText: /Correction of the message of .*Shelling reported/ }).waitFor({ timeout: LIVE_WITHIN_MS });
    await onTr.getByTestId('corrected-by').waitFor();
    await expect(onTr.getByTestId('message-body').textContent()).resolves.toBe(text);
    await ru.screenshot({ path: `${SCREENSHOTS}/hotline-officer-ru.png` });
    await ru.close();
    await tr.close();
  });

  it('shows what awaits acknowledgement, overdue first, counting down and then up', async () => {
    const post = async (body: string, minutes: number) => {
      const res = await api.call<HotlineMessageView>(`/api/hotline/channels/${channel.id}/messages`, {
        method: 'POST',
        token: await api.token('officer-ru'),
        body: JSON.stringify({ body, requiresAckWithinMinutes: minutes }),
      });
      expect(res.status).toBe(201);
      return res.body;
    };
    const later = await post('Browser test: answer within two hours.', 120);
    const soon = await post('Browser test: answer within ten minutes.', 10);
    const tr = await officerOnHotline('officer-tr');
    const items = tr.getByTestId('awaiting-item');
    const first = () => items.first().getAttribute('data-message-id');
    // Nearest deadline first while nothing is overdue.
    await tr.waitForFunction((id) => document.querySelector('[data-testid="awaiting-item"]')?.getAttribute('data-message-id') === id, soon.id);
    await items.filter({ hasText: 'ten minutes' }).filter({ hasText: /left/ }).waitFor();

    // Twenty minutes on (the page's clock only; the server's is untouched): the ten-minute one is overdue, first, counting up.
    await tr.clock.setFixedTime(new Date(Date.now() + 20 * 60_000));
    const overdue = tr.locator(`[data-testid="awaiting-item"][data-message-id="${soon.id}"][data-overdue="true"]`);
    await overdue.filter({ hasText: /overdue by (9|10) min/ }).waitFor();
    await expect(first()).resolves.toBe(soon.id);
    await tr.locator(`[data-testid="awaiting-item"][data-message-id="${later.id}"]`).filter({ hasText: /1 h (39|40) min .*left/ }).waitFor();
    await tr.getByTestId('hotline-overdue-count').filter({ hasText: '1 overdue' }).waitFor();
    await message(tr, 'ten minutes').getByTestId('ack-status').filter({ hasText: /overdue by .*TR has not acknowledged/ }).waitFor();
    await tr.screenshot({ path: `${SCREENSHOTS}/hotline-overdue.png` });
    await tr.close();
  });

  it('tells an officer whose guarantor is on no channel, and other roles, why they see no hotline', async () => {
    const iran = await context.newPage();
    await signIn(iran, server.baseUrl, 'officer-ir');
    await openScreen(iran, '/hotline');
    await iran.getByTestId('hotline-no-channel').filter({ hasText: 'Iran (IR) is on no hotline channel' }).waitFor();
    await expect(iran.getByTestId('hotline-no-channel').textContent()).resolves.toMatch(/RU–TR military hotline \(RU and TR\)/);
    await iran.close();

    const analyst = await context.newPage();
    await signIn(analyst, server.baseUrl, 'analyst');
    await expect(analyst.getByTestId('nav-hotline').count()).resolves.toBe(0);
    await openScreen(analyst, '/hotline');
    await analyst.getByText(/only the officers of a channel's guarantors see it/).waitFor();
    await analyst.close();

    // An administrator reads every channel, and is told that only officers write.
    const posted = await api.call(`/api/hotline/channels/${channel.id}/messages`, {
      method: 'POST',
      token: await api.token('officer-tr'),
      body: JSON.stringify({ body: 'Browser test: the administrator reads this.' }),
    });
    expect(posted.status).toBe(201);
    const admin = await context.newPage();
    await signIn(admin, server.baseUrl, 'admin');
    await admin.getByTestId('nav-hotline').click();
    await admin.getByTestId('hotline-read-only').waitFor();
    await message(admin, 'the administrator reads this').waitFor();
    await expect(admin.getByTestId('hotline-composer').count()).resolves.toBe(0);
    await admin.close();
  });

  it('an administrator opens a channel (checked as the API checks it); its officers then see it', async () => {
    const admin = await context.newPage();
    await signIn(admin, server.baseUrl, 'admin');
    await admin.getByTestId('nav-hotline').click();
    const form = admin.getByTestId('open-channel-form');
    await form.waitFor();
    // One guarantor is not a hotline: said by the shared schema, before anything is sent.
    await form.getByTestId('channel-name').fill('Russia–Iran hotline');
    await form.getByTestId('channel-guarantor-RU').check();
    await form.getByTestId('open-channel').click();
    await form.getByText('a channel joins at least two guarantors').waitFor();
    await form.getByTestId('channel-guarantor-IR').check();
    await form.getByTestId('open-channel').click();
    // The new channel opens.
    await admin.waitForURL((url) => url.pathname === '/hotline' && url.searchParams.has('channel'));
    await admin.getByRole('heading', { name: 'Russia–Iran hotline' }).waitFor();
    const opened = (await api.call<HotlineChannelView[]>('/api/hotline/channels', { token: await api.token('admin') })).body.find((c) => c.name === 'Russia–Iran hotline');
    expect([...opened!.guarantors].sort()).toEqual(['IR', 'RU']);
    expect(new URL(admin.url()).searchParams.get('channel')).toBe(opened!.id);
    await admin.close();

    // Iran's officer, on no channel before, now has one to write in.
    const iran = await officerOnHotline('officer-ir');
    await iran.getByRole('heading', { name: 'Russia–Iran hotline' }).waitFor();
    await iran.getByTestId('hotline-composer').waitFor();
    await iran.close();
  });

  it('the awaiting panel asks the server, so it counts messages older than the page loaded, and follows live events', async () => {
    const agreement = await api.agreement();
    const created = await api.call<HotlineChannelView>('/api/hotline/channels', {
      method: 'POST',
      token: await api.token('admin'),
      body: JSON.stringify({ agreementId: agreement.id, name: 'Awaiting beyond the page', guarantors: ['RU', 'TR'] }),
    });
    expect(created.status).toBe(201);
    const say = async (user: string, body: object) => {
      const res = await api.call<HotlineMessageView>(`/api/hotline/channels/${created.body.id}/messages`, { method: 'POST', token: await api.token(user), body: JSON.stringify(body) });
      expect(res.status).toBe(201);
      return res.body;
    };
    const old = await say('officer-ru', { body: 'Browser test: the old request, within two hours.', requiresAckWithinMinutes: 120 });
    // A hundred messages after it: the conversation's first page ends before it.
    for (let n = 0; n < 100; n++) await say('officer-ru', { body: `Browser test: chatter ${n}.` });
    const tr = await context.newPage();
    await signIn(tr, server.baseUrl, 'officer-tr');
    await tr.getByTestId('connection-state').filter({ hasText: 'live' }).waitFor({ timeout: 10_000 });
    await openScreen(tr, `/hotline?channel=${created.body.id}`);
    await message(tr, 'chatter 99').waitFor({ timeout: 10_000 });
    await expect(message(tr, 'the old request').count()).resolves.toBe(0);
    const count = tr.getByTestId('hotline-awaiting-count');
    await count.filter({ hasText: /^1$/ }).waitFor();
    await tr.locator(`[data-testid="awaiting-item"][data-message-id="${old.id}"]`).waitFor();
    await tr.getByTestId('awaiting-me').filter({ hasText: '1 message waits for Turkey' }).waitFor();

    // Live: a new request joins the count; an acknowledgement made elsewhere takes the old one out.
    const fresh = await say('officer-ru', { body: 'Browser test: a new request, within an hour.', requiresAckWithinMinutes: 60 });
    await count.filter({ hasText: /^2$/ }).waitFor({ timeout: LIVE_WITHIN_MS });
    await tr.locator(`[data-testid="awaiting-item"][data-message-id="${fresh.id}"]`).waitFor();
    const acked = await api.call(`/api/hotline/messages/${old.id}/acknowledgements`, { method: 'POST', token: await api.token('officer-tr') });
    expect(acked.status).toBe(201);
    await count.filter({ hasText: /^1$/ }).waitFor({ timeout: LIVE_WITHIN_MS });
    await expect(tr.locator(`[data-testid="awaiting-item"][data-message-id="${old.id}"]`).count()).resolves.toBe(0);
    await tr.close();
  });

  it('a channel opened by an administrator joins its officers’ channel list live, without a reload', async () => {
    const tr = await officerOnHotline('officer-tr');
    await tr.evaluate(() => ((window as unknown as { __sameLoad: boolean }).__sameLoad = true));
    const agreement = await api.agreement();
    const created = await api.call<HotlineChannelView>('/api/hotline/channels', {
      method: 'POST',
      token: await api.token('admin'),
      body: JSON.stringify({ agreementId: agreement.id, name: 'Opened while watching', guarantors: ['RU', 'TR'] }),
    });
    expect(created.status).toBe(201);
    const link = tr.getByRole('navigation', { name: 'Hotline channels' }).getByRole('link', { name: /Opened while watching/ });
    await link.waitFor({ timeout: LIVE_WITHIN_MS });
    expect(await tr.evaluate(() => (window as unknown as { __sameLoad?: boolean }).__sameLoad)).toBe(true);
    await link.click();
    await tr.getByRole('heading', { name: 'Opened while watching' }).waitFor();
    await tr.close();
  });

  it('shows the latest messages first and brings older ones in as the reader scrolls up', async () => {
    const admin = await api.token('admin');
    const agreement = await api.agreement();
    const created = await api.call<HotlineChannelView>('/api/hotline/channels', {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ agreementId: agreement.id, name: 'Paging channel', guarantors: ['RU', 'TR'] }),
    });
    expect(created.status).toBe(201);
    const ru = await api.token('officer-ru');
    const label = (n: number) => `Paging message #${String(n).padStart(3, '0')}.`;
    for (let n = 0; n < 150; n++) {
      const res = await api.call(`/api/hotline/channels/${created.body.id}/messages`, { method: 'POST', token: ru, body: JSON.stringify({ body: label(n) }) });
      expect(res.status).toBe(201);
    }
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'officer-tr');
    await openScreen(page, `/hotline?channel=${created.body.id}`);
    // The newest hundred, the newest at the bottom in view; the older ones are not fetched yet.
    await message(page, label(149)).waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('hotline-message').count()).resolves.toBe(100);
    await expect(message(page, label(49)).count()).resolves.toBe(0);
    await page.getByTestId('hotline-load-older').waitFor();
    await expect(page.getByTestId('hotline-start').count()).resolves.toBe(0);
    // Scrolling up to the top brings the page before in, and the reader keeps their place.
    await page.getByTestId('hotline-log').evaluate((log) => (log.scrollTop = 0));
    await message(page, label(0)).waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('hotline-message').count()).resolves.toBe(150);
    await page.getByTestId('hotline-start').waitFor();
    await expect(page.getByTestId('hotline-log').evaluate((log) => log.scrollTop)).resolves.toBeGreaterThan(0);
    // In time order throughout.
    const bodies = await page.getByTestId('message-body').allTextContents();
    expect(bodies.filter((b) => b.startsWith('Paging message'))).toEqual(Array.from({ length: 150 }, (_, n) => label(n)));
    await page.close();
  });
});
