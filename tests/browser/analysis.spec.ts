import { AxeBuilder } from '@axe-core/playwright';
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import type { StatsSummary } from '@truce-monitor/domain';
import { launchBrowser } from '../support/browser.js';
import { openScreen, productApi, signIn, waitForValue } from '../support/dashboard.js';
import { startProductServer, type ProductServer } from '../support/product-server.js';

const SCREENSHOTS = 'tests/browser/screenshots';

/** CSV records (a quoted field may hold line breaks), each with its cells. */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    }
    else if (c === '\n') {
      cells.push(cell.replace(/\r$/, ''));
      records.push(cells);
      cells = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || cells.length) records.push([...cells, cell]);
  return records;
}

describe('dashboard: the analysis view', () => {
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
    const government = await api.partyId('Syrian Arab Army');
    const ahrar = await api.partyId('Ahrar al-Sham');
    const hezbollah = await api.partyId('Hezbollah');
    const aleppo = { governorate: 'SY-HL' as const, placeName: 'Aleppo', location: { lat: 36.2, lon: 37.15 } };
    const idlib = { governorate: 'SY-ID' as const, placeName: 'Saraqib', location: { lat: 35.86, lon: 36.8 } };
    const damascus = { governorate: 'SY-DI' as const, placeName: 'Jobar', location: { lat: 33.53, lon: 36.33 } };
    // Inside the filter below (Rif Dimashq, Aleppo, Idlib; 2016-12-25 to 2017-01-10):
    await api.file({ perpetratorPartyId: government, occurredAt: '2017-01-02T09:30:00Z', description: 'Analysis test: RU, Rif Dimashq.' });
    await api.file({ perpetratorPartyId: government, occurredAt: '2017-01-03T08:00:00Z', ...aleppo, description: 'Analysis test: RU, Aleppo,\n"two lines".' });
    await api.file({ perpetratorPartyId: ahrar, occurredAt: '2017-01-03T12:00:00Z', ...idlib, description: 'Analysis test: TR, Idlib.' });
    await api.file({ perpetratorPartyId: hezbollah, occurredAt: '2017-01-04T21:30:00Z', description: 'Analysis test: IR, Rif Dimashq, late evening (next Damascus day).' });
    await api.file({ perpetratorPartyId: ahrar, occurredAt: '2016-12-28T10:00:00Z', ...idlib, description: 'Analysis test: before the truce.' });
    // Outside it: another governorate, and after the range.
    await api.file({ perpetratorPartyId: government, occurredAt: '2017-01-05T10:00:00Z', ...damascus, description: 'Analysis test: Damascus, filtered out.' });
    await api.file({ perpetratorPartyId: ahrar, occurredAt: '2017-01-20T10:00:00Z', ...idlib, description: 'Analysis test: after the range.' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function seriousViolations(page: Page): Promise<string[]> {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  }

  /** Waits until a test id's text is exactly `value` (the view refetches after each change). */
  async function waitForText(page: Page, testId: string, value: string, timeout = 10_000): Promise<void> {
    await page.getByTestId(testId).filter({ hasText: new RegExp(`^${value}$`) }).waitFor({ timeout });
  }

  it('keeps an analyst’s filter in the address, through a reload, and downloads exactly the rows it counts', async () => {
    const filterQuery = 'from=2016-12-25&to=2017-01-10&governorates=SY-HL,SY-ID,SY-RD';
    const expected = (await api.call<StatsSummary>(`/api/stats/summary?${filterQuery}`, { token: await api.token('analyst') })).body;
    expect(expected.reports).toBe(5);

    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'analyst');
    await expect(page.getByTestId('nav-analysis').count()).resolves.toBe(1);
    await openScreen(page, '/analysis');
    await page.getByTestId('summary-reports').waitFor({ timeout: 15_000 });

    // The analyst sets the filter in the form.
    await page.getByTestId('filter-from').fill('2016-12-25');
    await page.getByTestId('filter-to').fill('2017-01-10');
    const governorates = page.getByTestId('filter-governorates');
    for (const name of ['Rif Dimashq', 'Aleppo', 'Idlib']) await governorates.getByRole('checkbox', { name, exact: true }).check();
    await page.getByTestId('filter-apply').click();

    // The address carries it, and the view counts what the API counts for it.
    await page.waitForURL((url) => url.pathname === '/analysis' && url.search === `?${filterQuery}`);
    await waitForText(page, 'summary-reports', String(expected.reports));
    await waitForText(page, 'summary-violations', String(expected.violations.withoutDisputed.total));

    // A reload (or a shared link) opens the same view.
    await page.reload();
    await waitForText(page, 'summary-reports', String(expected.reports), 15_000);
    await waitForValue(page.getByTestId('filter-from'), '2016-12-25');
    await waitForValue(page.getByTestId('filter-to'), '2017-01-10');
    await expect(governorates.getByRole('checkbox', { name: 'Aleppo', exact: true }).isChecked()).resolves.toBe(true);
    await expect(governorates.getByRole('checkbox', { name: 'Damascus', exact: true }).isChecked()).resolves.toBe(false);
    expect(new URL(page.url()).search).toBe(`?${filterQuery}`);
    // The per-day chart is drawn, with the truce's start in its range.
    await page.getByTestId('chart-daily').getByText('Truce in force 2016-12-30 00:00 Damascus').waitFor();

    // The CSV download holds exactly the rows counted, and the data hash the view states.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const text = await readFile((await download.path())!, 'utf8');
    const [header, ...rows] = csvRecords(text);
    expect(rows).toHaveLength(expected.reports);
    const outcome = header!.indexOf('outcome');
    const description = header!.indexOf('description');
    expect(rows.filter((r) => r[outcome] === 'violation')).toHaveLength(expected.violations.withoutDisputed.total);
    expect(rows.map((r) => r[description]).sort()).toEqual(expect.arrayContaining(['Analysis test: RU, Aleppo,\n"two lines".']));
    expect(rows.every((r) => !r[description]!.includes('filtered out') && !r[description]!.includes('after the range'))).toBe(true);
    await waitForText(page, 'export-csv-rows', String(expected.reports));
    const dataHash = createHash('sha256').update(text.slice(text.indexOf('\n') + 1)).digest('hex');
    await page.getByTestId('export-csv-status').filter({ hasText: dataHash }).waitFor();
    // The file was streamed by the browser itself (a single-use ticket, no token in the address); the view says how to check it.
    expect(download.url()).toMatch(/\/api\/exports\/incidents\.csv\?.*ticket=[A-Za-z0-9_-]{43}$/);
    await page.getByTestId('export-csv-check').filter({ hasText: `tail -n +2 ${download.suggestedFilename()} | sha256sum` }).waitFor();

    // The other formats carry the same rows: the server states the same count and data hash for each.
    for (const kind of ['csv-hxl', 'ndjson', 'geojson'] as const) {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${kind}`).click()]);
      expect(file.suggestedFilename()).toMatch(kind === 'csv-hxl' ? /\.csv$/ : new RegExp(`\\.${kind}$`));
      await waitForText(page, `export-${kind}-rows`, String(expected.reports));
      await page.getByTestId(`export-${kind}-status`).filter({ hasText: dataHash }).waitFor();
    }
    await page.getByTestId('export-csv-hxl-check').filter({ hasText: 'tail -n +3' }).waitFor();
    const ndjson = await readFile((await (await Promise.all([page.waitForEvent('download'), page.getByTestId('export-ndjson').click()]))[0].path())!, 'utf8');
    expect(ndjson.trim().split('\n')).toHaveLength(expected.reports + 1); // the rows and the trailer

    // The other reading of the counts is one choice away, and the address keeps it too.
    await page.getByRole('radio', { name: 'Violations and disputed exclusions' }).check();
    await page.waitForURL((url) => url.search === `?${filterQuery}&reading=withDisputed`);
    await page.getByTestId('chart-daily').getByText(`${expected.violations.withDisputed.total} violations and disputed exclusions over`).waitFor();

    // The bulletin of a chosen day, under the same filter.
    await page.getByTestId('bulletin-day').fill('2017-01-03');
    await page.getByTestId('bulletin-show').click();
    await page.waitForURL((url) => url.searchParams.get('day') === '2017-01-03');
    await page.getByTestId('bulletin').getByRole('cell', { name: 'Aleppo, SY-HL' }).waitFor();

    // The whole view in one picture: the screen scrolls inside the shell, so the window is made as tall as the view.
    const height = await page.locator('.analysis-screen').evaluate((el) => el.scrollHeight + el.getBoundingClientRect().top + 16);
    await page.setViewportSize({ width: 1440, height: Math.min(4000, Math.ceil(height)) });
    await page.getByTestId('screen-title').scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0); // no tooltip in the picture
    await page.waitForTimeout(300); // let the charts settle their layout for the picture
    await page.screenshot({ path: `${SCREENSHOTS}/analysis.png` });
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
