import fc from 'fast-check';
import type { AgreementView, HotlineMessageView } from '@truce-monitor/domain';
import { aReport, newKey, seededTruce } from '../support/fixtures.js';
import { bearers, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The rest of the write endpoints and every query filter, fuzzed: only 2xx or
 * 4xx, never a 5xx, and no row written by a refused request. CI runs
 * FUZZ_MORE_RUNS per endpoint (1,500 by default); the full run sets 10,000.
 */
const RUNS = Number(process.env.FUZZ_MORE_RUNS ?? 1_500);
const CONCURRENCY = 16;
/** Each case's time limit grows with its input count (logins and new accounts hash passwords with argon2). */
const TIMEOUT_MS = Math.max(600_000, RUNS * 150);

const weird = fc.oneof(
  fc.anything(),
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.constantFrom('', ' ', '\u0000', '💥', '-1', '1e309', 'NaN', '2017-02-30', '00000000-0000-0000-0000-000000000000', 'a'.repeat(5_000), "'; DROP TABLE incidents; --"),
);

/** A valid body with one or two fields broken, dropped or added, or anything at all. */
function mutated(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const one = fc.oneof(
    fc.record({ key: fc.constantFrom(...keys), value: weird }).map(({ key, value }) => ({ ...valid, [key]: value })),
    fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
    fc.record({ key: fc.string({ minLength: 1, maxLength: 12 }), value: weird }).map(({ key, value }) => ({ ...valid, [key]: value })),
  );
  return fc.oneof({ weight: 6, arbitrary: one }, { weight: 2, arbitrary: fc.tuple(one, one).map(([a, b]) => ({ ...(a as object), ...(b as object) })) }, { weight: 1, arbitrary: fc.constant(valid) }, { weight: 1, arbitrary: fc.anything() });
}

/** A query string with known parameters given odd values, some dropped, some unknown ones added. */
function mutatedQuery(valid: Record<string, string>): fc.Arbitrary<string> {
  const keys = Object.keys(valid);
  const value = fc.oneof(fc.string(), fc.constantFrom('', '-1', '0', '99999999', 'abc', '2017-13-01', 'SY-XX', 'SY-RD,SY-XX', '%00', "'", 'NaN', '1e309', 'a'.repeat(3000)));
  return fc
    .record({ changes: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string({ minLength: 1, maxLength: 8 })), value), { maxLength: 3 }), drop: fc.subarray(keys) })
    .map(({ changes, drop }) => {
      const q = new URLSearchParams(Object.entries(valid).filter(([k]) => !drop.includes(k)));
      for (const [k, v] of changes) q.set(k, v);
      return q.toString();
    });
}

async function send<T>(items: T[], request: (item: T, i: number) => Promise<{ status: number }>): Promise<number[]> {
  const statuses: number[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const i = next++;
        statuses[i] = (await request(items[i]!, i)).status;
      }
    }),
  );
  return statuses;
}

const only2xx4xx = (statuses: number[]) => {
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
  expect(statuses.every((s) => s >= 200 && s < 500)).toBe(true);
};

describe(`fuzzing the other write endpoints and every query filter (${RUNS} inputs each)`, () => {
  let t: TestApp;
  let auth: Record<string, string>;
  let agreement: AgreementView;
  let message: HotlineMessageView;
  const count = async (table: string) => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;

  beforeAll(async () => {
    t = await startTestApp({ settings: { LOGIN_ATTEMPTS_PER_MINUTE: '10000' } });
    auth = await bearers(t, ['monitor', 'officer-ru', 'officer-tr', 'analyst', 'admin']);
    agreement = (await seededTruce(t, (await t.login('admin')).accessToken)).agreement;
    for (let i = 0; i < 5; i++)
      await t.http.post('/api/incidents').set('Authorization', auth.monitor!).set('Idempotency-Key', newKey()).send(aReport(agreement.id)).expect(201);
    message = (await t.http.post(`/api/hotline/channels/${agreement.hotlineChannels[0]!.id}/messages`).set('Authorization', auth['officer-ru']!).send({ body: 'fuzz target' })).body;
  });
  afterAll(() => t.close());

  const post = (path: string, user: string, body: unknown) =>
    t.http.post(path).set('Authorization', auth[user]!).set('Content-Type', 'application/json').send(JSON.stringify(body) ?? 'undefined');

  const writeCases: [string, string, () => string, () => Record<string, unknown>, string][] = [
    ['POST /api/hotline/channels/:id/messages', 'officer-ru', () => `/api/hotline/channels/${agreement.hotlineChannels[0]!.id}/messages`, () => ({ body: 'fuzzed message', refersTo: [], requiresAckWithinMinutes: 30 }), 'hotline_messages'],
    ['POST /api/agreements/:id/parties', 'admin', () => `/api/agreements/${agreement.id}/parties`, () => ({ name: `Fuzz ${newKey()}`, bloc: 'opposition', guarantor: 'TR', signatoryStatus: 'unknown', from: '2017-01-01T00:00:00Z' }), 'parties'],
    ['POST /api/parties/:id/signatory-statuses', 'admin', () => `/api/parties/${agreement.parties[5]!.id}/signatory-statuses`, () => ({ status: 'signed', from: '2017-01-07T00:00:00Z' }), 'party_signatory_statuses'],
    ['POST /api/agreements/:id/exclusions', 'admin', () => `/api/agreements/${agreement.id}/exclusions`, () => ({ partyId: agreement.parties[5]!.id, kind: 'linked', designatedBy: 'RU', basis: 'fuzz', from: '2017-05-01T00:00:00Z' }), 'exclusions'],
    ['POST /api/exclusions/:id/positions', 'officer-tr', () => `/api/exclusions/${agreement.exclusions.find((e) => e.kind === 'linked')!.id}/positions`, () => ({ position: 'disputes', note: 'fuzz' }), 'exclusion_positions'],
    ['POST /api/users', 'admin', () => '/api/users', () => ({ username: `fuzz-${newKey().slice(0, 8)}`, password: 'a long enough passphrase', role: 'analyst' }), 'users'],
    ['POST /api/hotline/channels', 'admin', () => '/api/hotline/channels', () => ({ agreementId: agreement.id, name: 'fuzz channel', guarantors: ['TR', 'IR'] }), 'hotline_channels'],
    ['POST /api/exports/tickets', 'analyst', () => '/api/exports/tickets', () => ({ format: 'csv', filter: { from: '2016-12-20', to: '2017-01-10', hxl: true } }), 'export_tickets'],
  ];
  it.each(writeCases)('%s', async (_name, user, path, valid, table) => {
    const bodies = fc.sample(mutated(valid()), { numRuns: RUNS, seed: 7 });
    const before = await count(table);
    const statuses = await send(bodies, (body) => post(path(), user, body));
    only2xx4xx(statuses);
    const created = statuses.filter((s) => s === 201).length;
    expect(await count(table)).toBe(before + created);
  }, TIMEOUT_MS);

  it('POST /api/hotline/messages/:id/acknowledgements and POST /api/auth/login', async () => {
    const acks = await send(Array.from({ length: Math.min(RUNS, 500) }), () => t.http.post(`/api/hotline/messages/${message.id}/acknowledgements`).set('Authorization', auth['officer-tr']!));
    only2xx4xx(acks);
    expect(acks.filter((s) => s === 201)).toHaveLength(1);
    const logins = fc.sample(mutated({ username: 'analyst', password: 'wrong password' }), { numRuns: RUNS, seed: 11 });
    only2xx4xx(await send(logins, (body) => t.http.post('/api/auth/login').set('Content-Type', 'application/json').send(JSON.stringify(body) ?? 'null')));
  }, TIMEOUT_MS);

  it('GET an export with a generated ticket instead of a token: only 4xx, and no ticket used up', async () => {
    const issued = await post('/api/exports/tickets', 'analyst', { format: 'csv', filter: { from: '2016-12-20', to: '2017-01-10' } }).expect(201);
    const real = new URL(issued.body.url, 'http://x').searchParams.get('ticket')!;
    const tickets = fc.sample(
      fc.oneof(
        fc.string(),
        fc.constantFrom('', '%00', "'", 'a'.repeat(3000), real.slice(0, -1), `${real}x`, real.toUpperCase()),
        // Well-formed: 43 base64url characters, as issued.
        fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 43, maxLength: 43 }),
      ),
      { numRuns: RUNS, seed: 13 },
    );
    const statuses = await send(tickets, (ticket) => t.http.get(`/api/exports/incidents.csv?${new URLSearchParams({ from: '2016-12-20', to: '2017-01-10', ticket })}`));
    expect(statuses.filter((s) => s < 400 || s >= 500)).toEqual([]);
    // The real ticket was never used by a wrong one: it still opens its export, once.
    await t.http.get(issued.body.url).expect(200);
    await t.http.get(issued.body.url).expect(401);
  }, TIMEOUT_MS);

  it.each([
    ['/api/incidents', 'analyst', { agreementId: '', limit: '50', cursor: '' }],
    ['/api/events', 'officer-tr', { after: '0', limit: '100' }],
    ['/api/stats/summary', 'analyst', { from: '2016-12-20', to: '2017-01-10', governorates: 'SY-RD,SY-HL', eventTypes: 'shelling', minVerification: 'reported' }],
    ['/api/stats/daily', 'analyst', { from: '2016-12-20', to: '2017-01-10', limit: '100' }],
    ['/api/stats/bulletin', 'officer-ru', { date: '2017-01-02' }],
    ['/api/exports/incidents.ndjson', 'analyst', { from: '2016-12-20', to: '2017-01-10' }],
    ['/api/hotline/channels/:id/messages', 'officer-ru', { limit: '50' }],
    ['/api/hotline/channels/:id/messages', 'officer-ru', { awaiting: 'any', limit: '50' }],
    ['/api/incidents/counts', 'admin', { by: 'verification' }],
  ] as const)('GET %s as %s with generated filters around %j', async (path, user, valid) => {
    const resolved = path.replace(':id', agreement.hotlineChannels[0]!.id);
    const queries = fc.sample(mutatedQuery({ ...valid, ...(path === '/api/incidents' ? { agreementId: agreement.id } : {}) }), { numRuns: RUNS, seed: 5 });
    const rowsBefore = await count('incidents');
    const statuses = await send(queries, (q) => t.http.get(`${resolved}?${q}`).set('Authorization', auth[user]!));
    only2xx4xx(statuses);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 400).length).toBeGreaterThan(0);
    expect(await count('incidents')).toBe(rowsBefore);
  }, TIMEOUT_MS);
});
