import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import {
  type AgreementView,
  type DailySeries,
  type GuarantorCode,
  OUTCOMES,
  type ResolvedStatsFilter,
  type StatsSummary,
  addDays,
} from '@truce-monitor/domain';
import { type ReferenceRules, loadRows, referenceDaily, referenceSummary } from '../support/stats-reference.js';
import { aReport, newKey, seededTruce } from '../support/fixtures.js';
import { bearers, startTestApp, type TestApp } from '../support/test-app.js';

const GOVERNORATES = ['SY-DI', 'SY-RD', 'SY-HL', 'SY-ID'];
const EVENT_TYPES = ['shelling', 'air_strike', 'armed_clash', 'sniper_fire'];
const VERIFICATIONS = ['reported', 'corroborated', 'verified', 'rejected', 'duplicate'];
const T0 = Date.parse('2016-11-25T00:00:00Z');
const SPAN_DAYS = 135; // to mid-April 2017: across the truce's start and Damascus' change to summer time (31 March 2017)

describe('compliance statistics', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  let agreement: AgreementView;
  let rules: ReferenceRules;
  let monitorId: string;
  let anchorId: string;

  beforeAll(async () => {
    t = await startTestApp();
    auth = await bearers(t, ['monitor', 'reviewer', 'officer-ru', 'officer-tr', 'officer-ir', 'analyst', 'admin']);
    agreement = (await seededTruce(t, (await t.login('analyst')).accessToken)).agreement;
    rules = {
      effectiveFrom: agreement.effectiveFrom,
      effectiveUntil: agreement.effectiveUntil,
      guarantors: agreement.guarantors.map((g) => g.code),
      parties: agreement.parties.map((p) => ({ id: p.id, name: p.name, guarantor: p.guarantor })),
      deadlineMinutes: agreement.acknowledgementDeadlineMinutes,
    };
    monitorId = (await t.login('monitor')).user.id;
    // The report every generated duplicate points at; a rejected one, so it counts nowhere.
    anchorId = randomUUID();
    await insertRows([{ ...baseRow(T0), id: anchorId, verification: 'rejected' }]);
    await seedHotline();
  });
  afterAll(() => t.close());

  const get = (path: string, query: Record<string, string> = {}, user = 'analyst') => t.http.get(path).query(query).set('Authorization', auth[user]!);

  function baseRow(occurredAt: number): Record<string, unknown> {
    return {
      id: randomUUID(),
      agreement_id: agreement.id,
      occurred_at: new Date(occurredAt).toISOString(),
      reported_at: new Date(occurredAt + 3_600_000).toISOString(),
      lat: 33.5,
      lon: 36.3,
      governorate: 'SY-DI',
      event_type: 'shelling',
      perpetrator_party_id: null,
      target_civilians: true,
      outcome: 'undetermined',
      verification: 'reported',
      responsible_guarantor: null,
      acknowledge_by: null,
      acknowledged_at: null,
      duplicate_of: null,
      source_system: null,
      source_id: null,
      killed_low: 0,
      killed_best: 0,
      killed_high: 0,
      injured_low: 0,
      injured_best: 0,
      injured_high: 0,
      civilians_killed_low: 0,
      civilians_killed_best: 0,
      civilians_killed_high: 0,
    };
  }

  async function insertRows(rows: Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    await t.db.query(
      `INSERT INTO incidents (id, agreement_id, occurred_at, time_precision, reported_at, lat, lon, geo_precision, governorate, event_type,
              perpetrator_party_id, target_civilians, sources, description, verification, outcome, reasons, responsible_guarantor,
              acknowledge_by, acknowledged_at, duplicate_of, source_system, source_id, filed_by,
              killed_low, killed_best, killed_high, injured_low, injured_best, injured_high,
              civilians_killed_low, civilians_killed_best, civilians_killed_high)
       SELECT id, agreement_id, occurred_at, 1, reported_at, lat, lon, 1, governorate, event_type,
              perpetrator_party_id, target_civilians, '[{"kind":"witness"}]', 'generated', verification, outcome, '[]', responsible_guarantor,
              acknowledge_by, acknowledged_at, duplicate_of, source_system, source_id, $2,
              killed_low, killed_best, killed_high, injured_low, injured_best, injured_high,
              civilians_killed_low, civilians_killed_best, civilians_killed_high
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, agreement_id uuid, occurred_at timestamptz, reported_at timestamptz, lat float8, lon float8,
              governorate text, event_type text, perpetrator_party_id uuid, target_civilians boolean, verification text, outcome text,
              responsible_guarantor text, acknowledge_by timestamptz, acknowledged_at timestamptz, duplicate_of uuid, source_system text, source_id text,
              killed_low int, killed_best int, killed_high int, injured_low int, injured_best int, injured_high int,
              civilians_killed_low int, civilians_killed_best int, civilians_killed_high int)`,
      [JSON.stringify(rows), monitorId],
    );
  }

  /** Hotline messages that asked for acknowledgement, some answered in time, some late, some never. */
  async function seedHotline(): Promise<void> {
    const channel = agreement.hotlineChannels[0]!;
    const users = Object.fromEntries(
      (await t.db.query("SELECT username, id FROM users WHERE username IN ('officer-ru', 'officer-tr')")).rows.map((r: { username: string; id: string }) => [r.username, r.id]),
    );
    for (let i = 0; i < 12; i++) {
      const from: GuarantorCode = i % 3 === 0 ? 'TR' : 'RU';
      const sent = T0 + i * 9 * 86_400_000 + (i % 5) * 3_600_000;
      const ackBy = sent + 30 * 60_000;
      const [message] = (
        await t.db.query(
          'INSERT INTO hotline_messages (channel_id, from_guarantor, author_id, body, sent_at, ack_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
          [channel.id, from, users[from === 'RU' ? 'officer-ru' : 'officer-tr'], `message ${i}`, new Date(sent), new Date(ackBy)],
        )
      ).rows as { id: string }[];
      if (i % 4 !== 3)
        await t.db.query('INSERT INTO hotline_acknowledgements (message_id, guarantor, officer_id, at) VALUES ($1, $2, $3, $4)', [
          message!.id,
          from === 'RU' ? 'TR' : 'RU',
          users[from === 'RU' ? 'officer-tr' : 'officer-ru'],
          new Date(sent + (i * 7 + 3) * 60_000 + i),
        ]);
    }
  }

  const instant = fc.oneof(
    fc.integer({ min: T0, max: T0 + SPAN_DAYS * 86_400_000 }),
    // Around Damascus midnights (22:00Z in winter, 21:00Z in summer): the day boundary must agree everywhere.
    fc
      .tuple(fc.integer({ min: 0, max: SPAN_DAYS }), fc.constantFrom(21, 22), fc.integer({ min: -90_000, max: 90_000 }))
      .map(([d, h, ms]) => T0 + d * 86_400_000 + h * 3_600_000 + ms),
  );
  const casualty = fc.tuple(fc.nat(5), fc.nat(5), fc.nat(5)).map((xs) => xs.sort((a, b) => a - b));

  const generatedRow = () =>
    fc
      .record({
        occurredAt: instant,
        governorate: fc.constantFrom(...GOVERNORATES),
        eventType: fc.constantFrom(...EVENT_TYPES),
        perpetrator: fc.option(fc.constantFrom(...rules.parties.map((p) => p.id), ...rules.parties.filter((p) => p.guarantor).map((p) => p.id)), { freq: 8 }),
        outcome: fc.constantFrom(...OUTCOMES, 'violation', 'violation', 'violation', 'violation', 'disputed_exclusion', 'disputed_exclusion'),
        verification: fc.constantFrom(...VERIFICATIONS, 'reported', 'verified'),
        killed: casualty,
        injured: casualty,
        civiliansKilled: casualty,
        imported: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
        ackAfterSeconds: fc.option(fc.integer({ min: 0, max: 6 * 3600 }), { freq: 3 }),
        ackMs: fc.nat(999),
      })
      .map((g) => {
        const row = baseRow(g.occurredAt);
        const guarantor = rules.parties.find((p) => p.id === g.perpetrator)?.guarantor ?? null;
        const routed = (g.outcome === 'violation' || g.outcome === 'disputed_exclusion') && guarantor !== null;
        const reportedAt = g.occurredAt + 3_600_000;
        Object.assign(row, {
          governorate: g.governorate,
          event_type: g.eventType,
          perpetrator_party_id: g.perpetrator,
          outcome: g.outcome,
          verification: g.verification,
          duplicate_of: g.verification === 'duplicate' ? anchorId : null,
          responsible_guarantor: routed ? guarantor : null,
          acknowledge_by: routed && !g.imported ? new Date(reportedAt + rules.deadlineMinutes * 60_000).toISOString() : null,
          acknowledged_at:
            routed && !g.imported && g.ackAfterSeconds !== null ? new Date(reportedAt + g.ackAfterSeconds * 1000 + g.ackMs).toISOString() : null,
          source_system: g.imported ? 'acled' : null,
          source_id: g.imported ? `GEN${randomUUID()}` : null,
          killed_low: g.killed[0],
          killed_best: g.killed[1],
          killed_high: g.killed[2],
          injured_low: g.injured[0],
          injured_best: g.injured[1],
          injured_high: g.injured[2],
          civilians_killed_low: g.civiliansKilled[0],
          civilians_killed_best: g.civiliansKilled[1],
          civilians_killed_high: g.civiliansKilled[2],
        });
        return row;
      });

  const day = fc.integer({ min: -5, max: SPAN_DAYS + 5 }).map((d) => addDays('2016-11-25', d));
  const sometimes = <T,>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
  const filterArb = () =>
    fc.record({
      range: fc.tuple(sometimes(day), sometimes(day)).map(([a, b]) => (a && b && b < a ? [b, a] : [a, b])),
      governorates: sometimes(fc.subarray(GOVERNORATES, { minLength: 1 })),
      parties: sometimes(fc.subarray(rules.parties.map((p) => p.id), { minLength: 1 })),
      eventTypes: sometimes(fc.subarray(EVENT_TYPES, { minLength: 1 })),
      outcomes: sometimes(fc.subarray([...OUTCOMES], { minLength: 1 })),
      minVerification: fc.constantFrom('reported', 'reported', 'corroborated', 'verified'),
    });
  const everything = { range: [null, null], governorates: null, parties: null, eventTypes: null, outcomes: null, minVerification: 'reported' };

  function toQuery(g: { range: (string | null)[]; governorates?: string[] | null; parties?: string[] | null; eventTypes?: string[] | null; outcomes?: string[] | null; minVerification: string }) {
    const q: Record<string, string> = { agreementId: agreement.id, minVerification: g.minVerification };
    if (g.range[0]) q.from = g.range[0];
    if (g.range[1]) q.to = g.range[1];
    for (const key of ['governorates', 'parties', 'eventTypes', 'outcomes'] as const) if (g[key]) q[key] = g[key]!.join(',');
    return q;
  }

  function resolved(q: Record<string, string>): ResolvedStatsFilter {
    const list = (k: string) => (q[k] ? [...new Set(q[k]!.split(','))].sort() : null);
    return {
      agreementId: q.agreementId!,
      from: q.from ?? null,
      to: q.to ?? null,
      governorates: list('governorates'),
      parties: list('parties'),
      eventTypes: list('eventTypes') as never,
      outcomes: list('outcomes') as never,
      minVerification: q.minVerification as never,
    };
  }

  /** The daily counts the triggers keep, against a fresh aggregation of the incidents. */
  async function countsMatchIncidents(): Promise<void> {
    const { rows } = await t.db.query(`
      WITH fresh AS (
        SELECT agreement_id, (occurred_at AT TIME ZONE 'Asia/Damascus')::date AS day, governorate, event_type, perpetrator_party_id, responsible_guarantor,
               outcome, verification, count(*)::bigint AS reports, sum(killed_best)::bigint AS killed_best, sum(civilians_killed_high)::bigint AS ckh
          FROM incidents WHERE verification IN ('reported', 'corroborated', 'verified') GROUP BY 1, 2, 3, 4, 5, 6, 7, 8),
      kept AS (
        SELECT agreement_id, day, governorate, event_type, perpetrator_party_id, responsible_guarantor, outcome, verification, reports, killed_best,
               civilians_killed_high AS ckh FROM stats_daily_counts WHERE reports <> 0 OR killed_best <> 0 OR civilians_killed_high <> 0)
      (SELECT 'missing' AS side, * FROM fresh EXCEPT SELECT 'missing', * FROM kept)
      UNION ALL (SELECT 'extra', * FROM kept EXCEPT SELECT 'extra', * FROM fresh)`);
    expect(rows).toEqual([]);
    // The daily totals (what an unfiltered summary and series read) are the daily counts without three dimensions, every measure.
    const measures = ['reports', ...['killed', 'injured', 'civilians_killed', 'civilians_injured', 'combatants_killed', 'combatants_injured'].flatMap((r) => [`${r}_low`, `${r}_best`, `${r}_high`])];
    const totals = await t.db.query(`
      WITH fresh AS (
        SELECT agreement_id, day, outcome, verification, responsible_guarantor, ${measures.map((m) => `sum(${m})::bigint AS ${m}`).join(', ')}
          FROM stats_daily_counts GROUP BY 1, 2, 3, 4, 5),
      kept AS (SELECT agreement_id, day, outcome, verification, responsible_guarantor, ${measures.join(', ')} FROM stats_daily_totals)
      (SELECT 'missing' AS side, * FROM fresh WHERE ${measures.map((m) => `${m} <> 0`).join(' OR ')} EXCEPT SELECT 'missing', * FROM kept WHERE ${measures.map((m) => `${m} <> 0`).join(' OR ')})
      UNION ALL (SELECT 'extra', * FROM kept WHERE ${measures.map((m) => `${m} <> 0`).join(' OR ')} EXCEPT SELECT 'extra', * FROM fresh WHERE ${measures.map((m) => `${m} <> 0`).join(' OR ')})`);
    expect(totals.rows).toEqual([]);
  }

  it('every statistic equals the same statistic computed by brute force from the rows; daily sums, summary and export agree', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(generatedRow(), { minLength: 5, maxLength: 90, size: 'max' }), fc.array(filterArb(), { minLength: 1, maxLength: 3 }), fc.nat(), async (rows, filters, seed) => {
        await insertRows(rows);
        // Exercise the triggers' update path: counted facts change on some rows, uncounted ones on others.
        const ids = rows.map((r) => r.id as string);
        const some = ids.filter((_, i) => (i + seed) % 3 === 0);
        await t.db.query(
          "UPDATE incidents SET occurred_at = occurred_at + interval '1 day', killed_best = killed_best + 1, killed_high = killed_high + 1 WHERE id = ANY($1)",
          [some],
        );
        await t.db.query("UPDATE incidents SET verification = 'verified' WHERE id = ANY($1) AND verification = 'reported'", [ids.filter((_, i) => (i + seed) % 4 === 1)]);
        await t.db.query("UPDATE incidents SET overdue_announced_at = now() WHERE id = ANY($1)", [ids.filter((_, i) => (i + seed) % 5 === 2)]);
        try {
          await countsMatchIncidents();
          const data = await loadRows(t.db);
          for (const g of [everything, ...filters]) {
            const q = toQuery(g);
            const now = new Date();
            const summary = await get('/api/stats/summary', q);
            expect(summary.status).toBe(200);
            const body = summary.body as StatsSummary;
            expect(body).toEqual({ ...referenceSummary(data, rules, resolved(q), now), generatedAt: expect.any(String) });

            const daily = await get('/api/stats/daily', { ...q, limit: '3660' });
            expect(daily.status).toBe(200);
            const series = daily.body as DailySeries;
            expect(series.days).toEqual(referenceDaily(data.incidents, rules, resolved(q), now));
            expect(series.days.reduce((a, d) => a + d.reports, 0)).toBe(body.reports);
            expect(series.days.reduce((a, d) => a + d.violations.withDisputed, 0)).toBe(body.violations.withDisputed.total);

            const csv = await get('/api/exports/incidents.csv', q);
            expect(csv.status).toBe(200);
            const records = parse(csv.text, { relax_column_count: false }) as string[][];
            expect(records.length - 1).toBe(body.reports);
          }
        } finally {
          await t.db.query('DELETE FROM incidents WHERE id <> $1', [anchorId]);
        }
        await countsMatchIncidents();
      }),
      { numRuns: 20 },
    );
  }, 240_000);

  it('pages the daily series and gives it as CSV whose columns sum to the summary', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      ...baseRow(Date.parse('2017-01-01T08:00:00Z') + i * 7 * 3_600_000),
      outcome: i % 3 === 0 ? 'disputed_exclusion' : 'violation',
      responsible_guarantor: i % 2 ? 'RU' : 'TR',
      acknowledge_by: null,
      source_system: 'acled',
      source_id: `PAGE${i}`,
      killed_low: 1,
      killed_best: 2,
      killed_high: 3,
    }));
    await insertRows(rows);
    try {
      const q = { agreementId: agreement.id, from: '2016-12-30', to: '2017-01-31' };
      const summary = (await get('/api/stats/summary', q)).body as StatsSummary;
      expect(summary.reports).toBe(40);
      let after: string | null = null;
      const days: DailySeries['days'] = [];
      do {
        const page = (await get('/api/stats/daily', { ...q, limit: '7', ...(after ? { after } : {}) })).body as DailySeries;
        expect(page.days.length).toBeLessThanOrEqual(7);
        days.push(...page.days);
        after = page.nextAfter;
      } while (after);
      expect(days.map((d) => d.day)).toEqual(Array.from({ length: 33 }, (_, i) => addDays('2016-12-30', i)));
      expect(days.reduce((a, d) => a + d.reports, 0)).toBe(40);

      const csv = await get('/api/stats/daily.csv', q);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(JSON.parse(csv.headers['x-truce-filter']!)).toMatchObject({ agreementId: agreement.id, from: '2016-12-30', to: '2017-01-31' });
      const [header, ...records] = parse(csv.text) as string[][];
      const column = (name: string) => records.reduce((a, r) => a + Number(r[header!.indexOf(name)]), 0);
      expect(records).toHaveLength(33);
      expect(column('reports')).toBe(summary.reports);
      expect(column('violations')).toBe(summary.violations.withoutDisputed.total);
      expect(column('violations_with_disputed')).toBe(summary.violations.withDisputed.total);
      expect(column('violations_RU') + column('violations_TR')).toBe(summary.violations.withoutDisputed.total);
      expect(column('killed_best_with_disputed')).toBe(summary.violations.withDisputed.casualties.killed.best);
    } finally {
      await t.db.query('DELETE FROM incidents WHERE id <> $1', [anchorId]);
    }
  });

  it('counts the pre-truce baseline as acts by covered parties and gives the change in percent', async () => {
    const government = agreement.parties.find((p) => p.name.startsWith('Syrian Arab Army'))!.id;
    const isis = agreement.parties.find((p) => p.name === 'Islamic State')!.id;
    const at = (d: string) => Date.parse(`${d}T08:00:00Z`);
    await insertRows([
      // Ten days before the truce: four acts by the government, one by the Islamic State (not a covered party).
      ...['2016-12-20', '2016-12-22', '2016-12-25', '2016-12-29'].map((d) => ({ ...baseRow(at(d)), perpetrator_party_id: government, outcome: 'outside_window' })),
      { ...baseRow(at('2016-12-21')), perpetrator_party_id: isis, outcome: 'outside_window' },
      // The first ten days of the truce: two violations, one act against the Islamic State.
      ...['2016-12-30', '2017-01-05'].map((d) => ({ ...baseRow(at(d)), perpetrator_party_id: government, outcome: 'violation', responsible_guarantor: 'RU', source_system: 'ucdp', source_id: d })),
      { ...baseRow(at('2017-01-02')), perpetrator_party_id: government, outcome: 'permitted_excluded_target' },
    ]);
    try {
      const summary = (await get('/api/stats/summary', { from: '2016-12-30', to: '2017-01-08' })).body as StatsSummary;
      expect(summary.filter.agreementId).toBe(agreement.id);
      expect(summary.baseline).toMatchObject({
        before: { from: '2016-12-20', to: '2016-12-29', days: 10, acts: 4 },
        after: { from: '2016-12-30', to: '2017-01-08', days: 10, acts: 3, violations: { withoutDisputed: 2, withDisputed: 2 } },
        changePercent: -25,
      });
      expect(summary.baseline.definition).toMatch(/covered parties/);
      expect(summary.violations.withoutDisputed.cleanDays).toEqual([
        { guarantor: 'IR', cleanDays: 10, days: 10 },
        { guarantor: 'RU', cleanDays: 8, days: 10 },
        { guarantor: 'TR', cleanDays: 10, days: 10 },
      ]);
    } finally {
      await t.db.query('DELETE FROM incidents WHERE id <> $1', [anchorId]);
    }
  });

  it('the daily bulletin: per guarantor, violations by governorate, with the other guarantors’ confirmations', async () => {
    const government = agreement.parties.find((p) => p.name.startsWith('Syrian Arab Army'))!.id;
    const faylaq = agreement.parties.find((p) => p.name === 'Faylaq al-Sham')!.id;
    const ahrar = agreement.parties.find((p) => p.name === 'Jaysh al-Islam')!.id;
    const file = async (overrides: Parameters<typeof aReport>[1]) =>
      (await t.http.post('/api/incidents').set('Authorization', auth.monitor!).set('Idempotency-Key', newKey()).send(aReport(agreement.id, overrides))).body as { id: string };
    const a = await file({ perpetratorPartyId: government, occurredAt: '2017-01-02T09:30:00Z', governorate: 'SY-RD' });
    const b = await file({ perpetratorPartyId: government, occurredAt: '2017-01-02T20:30:00Z', governorate: 'SY-HL', location: { lat: 36.2, lon: 37.15 } });
    await file({ perpetratorPartyId: government, occurredAt: '2017-01-02T22:30:00Z', governorate: 'SY-HL', location: { lat: 36.2, lon: 37.15 } }); // 3 January in Damascus
    const c = await file({ perpetratorPartyId: faylaq, occurredAt: '2017-01-02T11:00:00Z', governorate: 'SY-ID', location: { lat: 35.9, lon: 36.6 }, target: { partyId: ahrar } });
    const post = (user: string, path: string, body: object) => t.http.post(path).set('Authorization', auth[user]!).send(body);
    expect((await post('officer-tr', `/api/incidents/${a.id}/confirmations`, { confirmation: 'confirmed' })).status).toBe(200);
    expect((await post('officer-ir', `/api/incidents/${a.id}/confirmations`, { confirmation: 'disputed', note: 'no shelling seen' })).status).toBe(200);
    expect((await post('officer-ir', `/api/incidents/${a.id}/confirmations`, { confirmation: 'cannot_confirm' })).status).toBe(200);
    expect((await post('officer-ru', `/api/incidents/${a.id}/responses`, { response: 'investigating' })).status).toBe(200);
    expect((await post('officer-ru', `/api/incidents/${c.id}/confirmations`, { confirmation: 'cannot_confirm' })).status).toBe(200);
    try {
      const res = await get('/api/stats/bulletin', { date: '2017-01-02', agreementId: agreement.id }, 'officer-tr');
      expect(res.status).toBe(200);
      const ru = res.body.sections.find((s: { guarantor: string }) => s.guarantor === 'RU');
      expect(ru).toMatchObject({
        guarantorName: 'Russia',
        violations: { withoutDisputed: 2, withDisputed: 2 },
        byGovernorate: [
          { governorate: 'SY-HL', name: 'Aleppo', violations: { withoutDisputed: 1, withDisputed: 1 } },
          { governorate: 'SY-RD', name: 'Rif Dimashq', violations: { withoutDisputed: 1, withDisputed: 1 } },
        ],
        confirmations: [
          { guarantor: 'IR', confirmed: 0, cannotConfirm: 1, disputed: 0, none: 1 },
          { guarantor: 'TR', confirmed: 1, cannotConfirm: 0, disputed: 0, none: 1 },
        ],
      });
      expect(ru.incidents.map((i: { id: string }) => i.id).sort()).toEqual([a.id, b.id].sort());
      expect(ru.incidents.find((i: { id: string }) => i.id === a.id)).toMatchObject({ answer: 'investigating', confirmations: { TR: 'confirmed', IR: 'cannot_confirm' } });
      // Jaysh al-Islam's exclusion is disputed: Faylaq al-Sham's attack on it counts only "with disputed".
      const tr = res.body.sections.find((s: { guarantor: string }) => s.guarantor === 'TR');
      expect(tr).toMatchObject({ violations: { withoutDisputed: 0, withDisputed: 1 }, confirmations: expect.arrayContaining([{ guarantor: 'RU', confirmed: 0, cannotConfirm: 1, disputed: 0, none: 0 }]) });

      const text = await get('/api/stats/bulletin', { date: '2017-01-02', format: 'text' });
      expect(text.headers['content-type']).toMatch(/^text\/plain/);
      expect(text.text).toContain('Russia (RU): 2 violation(s)');
      expect(text.text).toContain('Rif Dimashq: 1');
      expect(text.text).toContain('Turkey (TR): 0 violation(s) by the parties it answers for; 1 counting disputed exclusions.');
    } finally {
      await t.db.query('DELETE FROM incident_confirmations; DELETE FROM incident_responses;');
      await t.db.query('DELETE FROM incidents WHERE id <> $1', [anchorId]);
    }
  });

  describe('bad filters: a 400 naming the parameter', () => {
    const cases: [string, string, Record<string, string>, string][] = [
      ['a malformed date', '/api/stats/summary', { from: '2017-02-30' }, 'from'],
      ['a date that is not a day', '/api/stats/daily', { to: '2017-01-02T10:00:00Z' }, 'to'],
      ['an inverted range', '/api/stats/summary', { from: '2017-02-01', to: '2017-01-01' }, 'to'],
      ['an unknown governorate', '/api/stats/summary', { governorates: 'SY-DI,SY-XX' }, 'governorates'],
      ['an unknown event type', '/api/exports/incidents.csv', { eventTypes: 'bombardment' }, 'eventTypes'],
      ['a party that is not a UUID', '/api/stats/summary', { parties: 'hezbollah' }, 'parties'],
      ['a party of no agreement', '/api/exports/incidents.ndjson', { parties: '00000000-0000-4000-8000-000000000000' }, 'parties'],
      ['a page size over the limit', '/api/stats/daily', { limit: '5000' }, 'limit'],
      ['a page size that is not a number', '/api/stats/daily', { limit: 'all' }, 'limit'],
      ['rejected as a minimum level', '/api/stats/summary', { minVerification: 'rejected' }, 'minVerification'],
      ['an unknown parameter', '/api/exports/incidents.geojson', { governorate: 'SY-DI' }, 'governorate'],
      ['an agreement id that is not a UUID', '/api/stats/summary', { agreementId: '1' }, 'agreementId'],
      ['an unknown agreement', '/api/stats/summary', { agreementId: '00000000-0000-4000-8000-000000000000' }, 'agreementId'],
      ['a bulletin without its date', '/api/stats/bulletin', {}, 'date'],
      ['a bulletin with a range', '/api/stats/bulletin', { date: '2017-01-02', from: '2017-01-01' }, 'from'],
      ['a bad HXL flag', '/api/exports/incidents.csv', { hxl: 'yes' }, 'hxl'],
    ];
    it.each(cases)('%s', async (_name, path, query, field) => {
      const res = await get(path, query);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });
  });

  it('is open to analysts, admins, reviewers and officers; not to monitors; not without a token', async () => {
    const paths = [
      '/api/stats/summary',
      '/api/stats/daily',
      '/api/stats/daily.csv',
      '/api/stats/bulletin?date=2017-01-02',
      '/api/exports/incidents.csv',
      '/api/exports/incidents.ndjson',
      '/api/exports/incidents.geojson',
      '/api/exports/incidents.sha256',
    ];
    for (const path of paths) {
      for (const user of ['analyst', 'admin', 'reviewer', 'officer-ir']) expect([path, user, (await t.http.get(path).set('Authorization', auth[user]!)).status]).toEqual([path, user, 200]);
      expect([path, (await t.http.get(path).set('Authorization', auth.monitor!)).status]).toEqual([path, 403]);
      expect([path, (await t.http.get(path)).status]).toEqual([path, 401]);
    }
  });
});
