// @ts-check
/**
 * The dashboard's two figures for `npm run bench`:
 *
 * 1. Initial JavaScript: what `index.html` of the built dashboard loads before
 *    anything shows (its entry script and every `modulepreload`), gzip -9,
 *    against the 300 KB budget. Measured here from the built files, not read
 *    from the build's own report, so the two check each other.
 * 2. The live view with 10,000 reports, in headless Debian chromium: the built
 *    dashboard signed in as a guarantor officer on /operations, against a small
 *    stand-in API on 127.0.0.1 whose list answers with 10,000 reports at once
 *    (the real API pages by 500; a day of live arrivals and older pages fill
 *    the same list). Timed from the navigation, and from the list's answer, to
 *    the first frame that shows the feed holding all 10,000 (aim: under 1 s);
 *    then the feed is scrolled as a wheel and as a dragged scroll bar does,
 *    for the frame times (against a 60 fps frame).
 *
 * Wired into scripts/bench.mjs as one entry of its BENCHES map:
 *   dashboard: () => import('./bench/dashboard-bench.mjs').then((m) => m.benchDashboard(rows)),
 */
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { median, round } from './common.mjs';

const DIST = resolve('dist/apps/dashboard');
const BUDGET_KB = 300;
const AIM_MS = 1000;
const REPORTS = Number(process.env.BENCH_DASHBOARD_REPORTS ?? 10_000);
/** 60 frames a second. */
const FRAME_MS = 1000 / 60;

/**
 * @typedef {{benchmark: string, case: string, figure: string, value: number, unit: string, baseline: string, baselineValue: number, ratio: number}} Row
 * @param {Row[]} rows
 */
export async function benchDashboard(rows) {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  if (process.env.BENCH_DASHBOARD_BUILD !== '0') await build();

  const initial = await initialJs();
  rows.push({
    benchmark: 'dashboard',
    case: 'initial JS',
    figure: `gzip -9 of the entry and its ${initial.files - 1} preloaded chunk(s), ${round(initial.raw / 1024, 1)} KB raw`,
    value: round(initial.gzip / 1024, 1),
    unit: 'KB',
    baseline: 'budget',
    baselineValue: BUDGET_KB,
    ratio: round(initial.gzip / 1024 / BUDGET_KB, 2),
  });

  const server = await standInServer(REPORTS);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
  });
  /** @type {{ fromNavigation: number[], fromAnswer: number[], map: number[], wheelP95: number[], dragP95: number[], domRows: number[] }} */
  const runsOf = { fromNavigation: [], fromAnswer: [], map: [], wheelP95: [], dragP95: [], domRows: [] };
  try {
    for (let i = 0; i < runs; i++) {
      const r = await renderOnce(browser, server.url);
      runsOf.fromNavigation.push(r.fromNavigation);
      runsOf.fromAnswer.push(r.fromAnswer);
      runsOf.map.push(r.map);
      runsOf.wheelP95.push(r.wheelP95);
      runsOf.dragP95.push(r.dragP95);
      runsOf.domRows.push(r.domRows);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const n = REPORTS.toLocaleString('en-GB');
  const med = (/** @type {number[]} */ xs) => round(median(xs));
  /** @type {[string, string, number, string, number][]} */
  const figures = [
    [`render ${n} reports`, `median of ${runs}: navigation → first frame with all ${n} in the live feed`, med(runsOf.fromNavigation), 'aim', AIM_MS],
    [`render ${n} reports, after the data`, `median of ${runs}: the list's answer received → that frame`, med(runsOf.fromAnswer), 'aim', AIM_MS],
    [`map with ${n} held`, `median of ${runs}: navigation → the newest 500 markers drawn`, med(runsOf.map), 'aim', AIM_MS],
    [`wheel-scroll ${n}, p95 frame`, `median of ${runs}: 95th percentile frame, 120 px a frame at the top, middle and end`, round(median(runsOf.wheelP95), 1), '60 fps frame', round(FRAME_MS, 1)],
    [`drag-scroll ${n}, p95 frame`, `median of ${runs}: 95th percentile frame, end to end in 120 jumps, one a frame`, round(median(runsOf.dragP95), 1), '60 fps frame', round(FRAME_MS, 1)],
  ];
  for (const [name, figure, value, baseline, baselineValue] of figures) {
    rows.push({ benchmark: 'dashboard', case: name, figure, value, unit: 'ms', baseline, baselineValue, ratio: round(value / baselineValue, 2) });
  }
  rows.push({
    benchmark: 'dashboard',
    case: `feed rows in the DOM`,
    figure: `rows rendered while ${n} are held (virtualised)`,
    value: Math.max(...runsOf.domRows),
    unit: 'rows',
    baseline: 'reports held',
    baselineValue: REPORTS,
    ratio: round(Math.max(...runsOf.domRows) / REPORTS, 3),
  });
}

/** `vite build` of the dashboard, so the figures are of the code as it is now. */
function build() {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [resolve('node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/dashboard/vite.config.mts', '--logLevel', 'warn'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? ok(undefined) : fail(new Error(`vite build exited with ${code}`))));
  });
}

/** The entry script of index.html and every chunk it preloads: what a first visit downloads before anything shows. */
async function initialJs() {
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  const files = new Set();
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+\.js)"/g)) files.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)) files.add(m[1]);
  if (files.size === 0) throw new Error('index.html loads no module script: is the dashboard built?');
  let gzip = 0;
  let raw = 0;
  for (const file of files) {
    const code = await readFile(join(DIST, file.replace(/^\//, '')));
    raw += code.length;
    gzip += gzipSync(code, { level: 9 }).length;
  }
  return { gzip, raw, files: files.size };
}

/**
 * One cold visit (a fresh browser context: empty cache and storage): sign-in
 * state put in sessionStorage, then /operations loaded and watched frame by frame.
 * @param {import('playwright-core').Browser} browser @param {string} url
 */
async function renderOnce(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'UTC' });
  try {
    const page = await context.newPage();
    await page.goto(`${url}/bench-blank`);
    await page.evaluate((session) => sessionStorage.setItem('truce-monitor.session', JSON.stringify(session)), SESSION);
    await page.goto(`${url}/operations`, { waitUntil: 'commit' });
    const count = String(REPORTS);
    const readyHandle = await page.waitForFunction(
      (expected) => {
        const held = document.querySelector('[data-testid="feed-count"]')?.getAttribute('data-count');
        return held === expected && document.querySelector('[data-testid="incident-row"]') ? performance.now() : false;
      },
      count,
      { polling: 'raf', timeout: 60_000 },
    );
    const fromNavigation = /** @type {number} */ (await readyHandle.jsonValue());
    const answeredAt = await page.evaluate(() => {
      // The feed's list (the queue asks for its own, filtered, alongside).
      const entry = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/incidents') && !e.name.includes('awaiting='));
      return entry ? /** @type {PerformanceResourceTiming} */ (entry).responseEnd : NaN;
    });
    const mapHandle = await page.waitForFunction(
      () => (document.querySelectorAll('[data-testid="map-marker"]').length >= 500 ? performance.now() : false),
      null,
      { polling: 'raf', timeout: 60_000 },
    );
    const map = /** @type {number} */ (await mapHandle.jsonValue());
    const domRows = await page.locator('[data-testid="incident-row"]').count();

    // Scrolling as a wheel does (120 px a frame, at the top, the middle and the end), then as a dragged
    // scroll bar does (end to end in 120 jumps, one a frame), recording how long each frame took.
    if (process.env.BENCH_DASHBOARD_CSS) await page.addStyleTag({ content: process.env.BENCH_DASHBOARD_CSS });
    const trace = process.env.BENCH_DASHBOARD_TRACE;
    if (trace) await browser.startTracing(page, { path: trace, categories: ['devtools.timeline', 'blink.user_timing'] });
    const frames = await page.evaluate(async () => {
      const scroller = /** @type {HTMLElement} */ (document.querySelector('[data-testid="feed-scroll"]'));
      const span = scroller.scrollHeight - scroller.clientHeight;
      const frame = () => /** @type {Promise<number>} */ (new Promise((r) => requestAnimationFrame(r)));
      /** @param {number[]} positions */
      async function timed(positions) {
        const durations = [];
        let last = await frame();
        for (const top of positions) {
          scroller.scrollTop = top;
          const now = await frame();
          durations.push(now - last);
          last = now;
        }
        return durations;
      }
      const wheel = [];
      for (const from of [0, span / 2, span - 100 * 120]) wheel.push(...(await timed(Array.from({ length: 100 }, (_, i) => from + (i + 1) * 120))));
      const drag = await timed(Array.from({ length: 120 }, (_, i) => (span * (i + 1)) / 120));
      return { wheel, drag };
    });
    if (trace) await browser.stopTracing();
    const lastRowShown = await page.locator(`[data-testid="incident-row"][aria-rowindex="${REPORTS + 1}"]`).count();
    if (lastRowShown !== 1) throw new Error('the feed did not reach its last report when scrolled to the end');
    const p95 = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? NaN;
    return {
      fromNavigation,
      fromAnswer: fromNavigation - answeredAt,
      map,
      wheelP95: p95(frames.wheel),
      dragP95: p95(frames.drag),
      domRows,
    };
  } finally {
    await context.close();
  }
}

const AGREEMENT_ID = '00000000-0000-4000-8000-000000000001';
const party = (/** @type {number} */ n) => `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`;
const PARTIES = [
  { id: party(1), name: 'Syrian Arab Army', bloc: 'government', guarantor: 'RU', status: 'signed' },
  { id: party(2), name: 'Hezbollah', bloc: 'pro_government', guarantor: 'IR', status: 'signed' },
  { id: party(3), name: 'Ahrar al-Sham', bloc: 'opposition', guarantor: 'TR', status: 'unknown' },
  { id: party(4), name: 'Jaysh al-Islam', bloc: 'opposition', guarantor: 'TR', status: 'unknown' },
  { id: party(5), name: 'Faylaq al-Sham', bloc: 'opposition', guarantor: 'TR', status: 'signed' },
  { id: party(6), name: 'Islamic State', bloc: 'jihadist', guarantor: null, status: 'not_signed' },
  { id: party(7), name: 'Jabhat Fateh al-Sham', bloc: 'jihadist', guarantor: null, status: 'not_signed' },
  { id: party(8), name: 'Syrian Democratic Forces', bloc: 'other', guarantor: null, status: 'not_signed' },
];
const EFFECTIVE_FROM = '2016-12-29T22:00:00Z';
const AGREEMENT = {
  id: AGREEMENT_ID,
  name: 'Nationwide cease-fire in Syria (benchmark stand-in)',
  effectiveFrom: EFFECTIVE_FROM,
  effectiveUntil: null,
  scope: { kind: 'nationwide' },
  acknowledgementDeadlineMinutes: 120,
  coveredForces: [{ description: 'Opposition forces', fighters: 62000, claimedBy: 'Russian defence ministry' }],
  guarantors: [
    { code: 'RU', name: 'Russia', answersFor: 'the Syrian government and its forces' },
    { code: 'TR', name: 'Turkey', answersFor: 'the opposition groups' },
    { code: 'IR', name: 'Iran', answersFor: 'allied Shiite militias' },
  ],
  parties: PARTIES.map((p) => ({
    id: p.id,
    name: p.name,
    bloc: p.bloc,
    guarantor: p.guarantor,
    signatoryStatus: p.status,
    signatoryHistory: [{ status: p.status, from: EFFECTIVE_FROM, claimedBy: null, note: null }],
    excluded: p.bloc === 'jihadist',
  })),
  exclusions: [6, 7].map((n) => ({
    id: `00000000-0000-4000-8000-0000000002${n}0`,
    partyId: party(n),
    partyName: PARTIES[n - 1].name,
    kind: 'core',
    designatedBy: null,
    basis: 'Named in the announcement',
    from: EFFECTIVE_FROM,
    until: null,
    standing: 'agreed',
    positions: [],
  })),
  hotlineChannels: [],
};
const SESSION = {
  accessToken: 'bench-token',
  user: { id: '00000000-0000-4000-8000-000000000099', username: 'officer-ru', role: 'officer', guarantor: 'RU' },
};

const GOVERNORATES = [
  ['SY-DI', 'Damascus', 33.51, 36.29],
  ['SY-RD', 'Rif Dimashq', 33.69, 36.1],
  ['SY-HL', 'Aleppo', 36.2, 37.15],
  ['SY-ID', 'Idlib', 35.93, 36.63],
  ['SY-HM', 'Hama', 35.13, 36.75],
  ['SY-HI', 'Homs', 34.73, 36.71],
  ['SY-DR', 'Daraa', 32.62, 36.1],
  ['SY-LA', 'Latakia', 35.52, 35.79],
];
const EVENT_TYPES = ['armed_clash', 'shelling', 'air_strike', 'sniper_fire', 'attack_on_civilians', 'territorial_advance', 'access_obstruction', 'other'];
const OUTCOME_OF = /** @type {Record<string, string>} */ ({ RU: 'violation', TR: 'violation', IR: 'violation' });

/** `count` reports, newest first, spread over the weeks around the truce's start; a few still await their answer. */
function reports(count) {
  const zero = { low: 0, best: 0, high: 0 };
  const start = Date.parse(EFFECTIVE_FROM) - 7 * 86_400_000;
  const items = [];
  for (let i = 0; i < count; i++) {
    const reportedAt = start + (count - i) * 5 * 60_000;
    const perpetrator = PARTIES[i % PARTIES.length];
    const target = PARTIES[(i * 7 + 3) % PARTIES.length];
    const [code, place, lat, lon] = GOVERNORATES[i % GOVERNORATES.length];
    const guarantor = perpetrator.guarantor;
    const outcome = guarantor ? OUTCOME_OF[guarantor] : perpetrator.bloc === 'jihadist' ? 'excluded_perpetrator' : 'non_party';
    const awaiting = guarantor !== null && i % 50 === 0;
    const acknowledgeBy = guarantor ? new Date(reportedAt + 2 * 3_600_000).toISOString() : null;
    items.push({
      id: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      agreementId: AGREEMENT_ID,
      occurredAt: new Date(reportedAt - 3_600_000).toISOString(),
      timePrecision: 1,
      reportedAt: new Date(reportedAt).toISOString(),
      location: { lat: /** @type {number} */ (lat) + ((i % 17) - 8) * 0.01, lon: /** @type {number} */ (lon) + ((i % 13) - 6) * 0.01 },
      geoPrecision: 1,
      governorate: code,
      placeName: place,
      eventType: EVENT_TYPES[i % EVENT_TYPES.length],
      perpetratorPartyId: perpetrator.id,
      target: target.id === perpetrator.id || i % 3 === 0 ? { civilians: true } : { partyId: target.id },
      casualties: { killed: { low: 0, best: i % 4, high: i % 5 }, injured: zero, civiliansKilled: zero, civiliansInjured: zero, combatantsKilled: zero, combatantsInjured: zero },
      sources: [{ kind: 'own_observation' }],
      description: `Benchmark report ${i}.`,
      obstruction: null,
      verification: i % 7 === 0 ? 'verified' : 'reported',
      classification: { outcome, reasons: ['Benchmark data.'] },
      responsibleGuarantor: guarantor,
      acknowledgeBy,
      acknowledgedAt: guarantor && !awaiting ? new Date(reportedAt + 30 * 60_000).toISOString() : null,
      overdue: awaiting,
      duplicateOf: null,
      responses: guarantor && !awaiting ? [{ guarantor, response: 'acknowledged', reasons: null, at: new Date(reportedAt + 30 * 60_000).toISOString() }] : [],
      confirmations: [],
      reviewHistory: [],
    });
  }
  return items;
}

const TYPES = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.csv': 'text/csv; charset=utf-8',
  '.map': 'application/json',
});

/** The built dashboard and a stand-in for the few API calls the live view makes, on 127.0.0.1 only. */
async function standInServer(count) {
  const all = reports(count);
  const page = JSON.stringify({ items: all, nextCursor: null });
  /** A queue's list (the API filters it in SQL): the same filters here, on the stand-in's reports, up to `limit`. */
  const filtered = (/** @type {URLSearchParams} */ q) => {
    const g = q.get('responsibleGuarantor');
    const awaiting = q.get('awaiting');
    const unconfirmedBy = q.get('unconfirmedBy');
    const states = q.get('verification')?.split(',');
    const items = all.filter(
      (i) =>
        (!g || (i.responsibleGuarantor ?? 'none') === g) &&
        (awaiting === null || (i.responsibleGuarantor !== null && i.acknowledgedAt === null) === (awaiting === '1' || awaiting === 'true')) &&
        (!unconfirmedBy || (i.responsibleGuarantor !== null && i.responsibleGuarantor !== unconfirmedBy)) &&
        (!states || states.includes(i.verification)),
    );
    return JSON.stringify({ items: items.slice(0, Number(q.get('limit') ?? 100)), nextCursor: null });
  };
  const json = (/** @type {import('node:http').ServerResponse} */ res, /** @type {number} */ status, /** @type {string} */ body) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(body);
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://bench.invalid');
    const path = url.pathname;
    if (path === '/api/health') return json(res, 200, JSON.stringify({ status: 'ok', db: 'up', demoAccounts: false }));
    if (path === '/api/agreements') return json(res, 200, JSON.stringify([AGREEMENT]));
    if (path === `/api/agreements/${AGREEMENT_ID}`) return json(res, 200, JSON.stringify(AGREEMENT));
    if (path === '/api/incidents') {
      const q = url.searchParams;
      const isQueue = ['responsibleGuarantor', 'awaiting', 'unconfirmedBy', 'verification'].some((k) => q.has(k));
      return json(res, 200, isQueue ? filtered(q) : page);
    }
    if (path === '/api/hotline/channels') return json(res, 200, '[]');
    if (path === '/api/events') return json(res, 200, JSON.stringify({ events: [], lastSeq: 0 }));
    if (path.startsWith('/api/') || path.startsWith('/socket.io/'))
      return json(res, 404, JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'not part of the benchmark stand-in' }));
    const file = normalize(join(DIST, decodeURIComponent(path)));
    const isFile = file.startsWith(DIST) && (await stat(file).then((s) => s.isFile(), () => false));
    const served = isFile ? file : join(DIST, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(served)] ?? 'application/octet-stream' });
    res.end(await readFile(served));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(undefined)));
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => server.close(() => ok(undefined))),
  };
}

