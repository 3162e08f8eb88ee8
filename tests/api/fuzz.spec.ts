import fc from 'fast-check';
import type { IncidentView } from '@truce-monitor/domain';
import { aReport, newKey, seededTruce } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Generated bodies per endpoint (the issue asks for at least 10,000). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const CONCURRENCY = 16;

/** A valid body with one or two fields broken, dropped or added, or something else entirely. */
function mutated(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const weird = fc.oneof(
    fc.anything(),
    fc.string(),
    fc.double(),
    fc.integer(),
    fc.constant(null),
    fc.array(fc.anything(), { maxLength: 3 }),
    fc.constantFrom('', ' ', '\u0000', '💥', '1e309', 'NaN', '-1', '2017-02-30T00:00:00Z', '00000000-0000-0000-0000-000000000000', 'a'.repeat(20_000)),
  );
  const oneChange = fc.oneof(
    fc.record({ key: fc.constantFrom(...keys), value: weird }).map(({ key, value }) => ({ ...valid, [key]: value })),
    fc.constantFrom(...keys).map((key) => {
      const copy = { ...valid };
      delete copy[key];
      return copy;
    }),
    fc.record({ key: fc.string({ minLength: 1, maxLength: 12 }), value: weird }).map(({ key, value }) => ({ ...valid, [key]: value })),
  );
  return fc.oneof(
    { weight: 6, arbitrary: oneChange },
    { weight: 2, arbitrary: fc.tuple(oneChange, oneChange).map(([a, b]) => ({ ...(a as object), ...(b as object) })) },
    { weight: 1, arbitrary: fc.constant(valid) },
    { weight: 1, arbitrary: fc.anything() },
  );
}

async function send(bodies: unknown[], post: (body: unknown, i: number) => Promise<{ status: number; body: unknown }>) {
  const statuses: number[] = new Array(bodies.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const i = next++;
        const res = await post(bodies[i], i);
        statuses[i] = res.status;
        if (res.status >= 500 && process.env.FUZZ_DEBUG) console.log(JSON.stringify(bodies[i]).slice(0, 600), res.body);
      }
    }),
  );
  return statuses;
}

describe(`fuzzing the write endpoints (${RUNS} bodies each): only 2xx or 4xx, no stray rows`, () => {
  let t: TestApp;
  let tokens: Record<string, string>;
  let agreementId: string;
  let government: string;
  const count = async (table: string) => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
    tokens = {};
    for (const u of ['monitor', 'reviewer', 'officer-ru', 'officer-tr']) tokens[u] = (await t.login(u)).accessToken;
    const truce = await seededTruce(t, tokens.monitor!);
    agreementId = truce.agreement.id;
    government = truce.party('Syrian Arab Army and government forces');
  });
  afterAll(() => t.close());

  const fileOne = async () =>
    (
      await t.http
        .post('/api/incidents')
        .set('Authorization', `Bearer ${tokens.monitor}`)
        .set('Idempotency-Key', newKey())
        .send(aReport(agreementId, { perpetratorPartyId: government, sources: [{ kind: 'witness' }, { kind: 'local_media' }] }))
    ).body as IncidentView;

  it('POST /api/incidents', async () => {
    const valid = aReport(agreementId, { perpetratorPartyId: government }) as unknown as Record<string, unknown>;
    const bodies = fc.sample(mutated(valid), { numRuns: RUNS, seed: 20161229 });
    const before = await count('incidents');
    const statuses = await send(bodies, (body) =>
      t.http
        .post('/api/incidents')
        .set('Authorization', `Bearer ${tokens.monitor}`)
        .set('Idempotency-Key', newKey())
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body) ?? 'undefined'),
    );
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.every((s) => s >= 200 && s < 500)).toBe(true);
    const created = statuses.filter((s) => s === 201).length;
    expect(created).toBeGreaterThan(0);
    expect(statuses.filter((s) => s >= 400).length).toBeGreaterThan(RUNS / 2);
    expect(await count('incidents')).toBe(before + created);
    expect(await count('idempotency_keys')).toBe(before + created);
  }, 600_000);

  it.each([
    ['verification', 'reviewer', { to: 'corroborated', note: 'fuzz' }, 'incident_reviews'],
    ['corrections', 'reviewer', { changes: { description: 'fuzzed' }, note: 'fuzz' }, null],
    ['responses', 'officer-ru', { response: 'investigating', reasons: 'fuzz' }, 'incident_responses'],
    ['confirmations', 'officer-tr', { confirmation: 'cannot_confirm', note: 'fuzz' }, 'incident_confirmations'],
  ] as const)('POST /api/incidents/:id/%s', async (endpoint, user, valid, table) => {
    // A fresh report every 500 bodies: thousands of answers on one report is not what is being tested.
    const reports: IncidentView[] = [];
    for (let i = 0; i < Math.ceil(RUNS / 500); i++) reports.push(await fileOne());
    const bodies = fc.sample(mutated(valid as Record<string, unknown>), { numRuns: RUNS, seed: 30 });
    const before = table ? await count(table) : 0;
    const incidentsBefore = await count('incidents');
    const statuses = await send(bodies, (body, i) =>
      t.http
        // Every hundredth request goes to a malformed or unknown id.
        .post(`/api/incidents/${i % 100 === 0 ? (i % 200 === 0 ? 'not-an-id' : '00000000-0000-4000-8000-000000000000') : reports[Math.floor(i / 500)]!.id}/${endpoint}`)
        .set('Authorization', `Bearer ${tokens[user]}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body) ?? 'undefined'),
    );
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.every((s) => s >= 200 && s < 500)).toBe(true);
    const ok = statuses.filter((s) => s === 200).length;
    expect(await count('incidents')).toBe(incidentsBefore);
    if (table) expect(await count(table)).toBe(before + ok);
  }, 600_000);
});
