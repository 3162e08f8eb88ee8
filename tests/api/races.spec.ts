import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import type { AgreementView, IncidentInput, IncidentView } from '@truce-monitor/domain';
import { aReport, newKey, seededTruce } from '../support/fixtures.js';
import { bearers, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Races explored with fast-check's scheduler: it picks the order in which
 * concurrent requests start (and small delays between them), the real API and
 * PostgreSQL interleave them as they will. Whatever happens, the stored state
 * must equal the state of one serial order — the one the event log's commit
 * order says happened.
 */
const RUNS = Number(process.env.RACE_RUNS ?? 12);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Which serial orders the runs landed on (written to RACE_SUMMARY when set, for the fault run's table). */
const explored: Record<string, Record<string, number>> = { key: {}, lifecycle: {}, designation: {} };
const saw = (race: string, outcome: string) => (explored[race]![outcome] = (explored[race]![outcome] ?? 0) + 1);

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Starts each operation when the scheduler releases it (after its delay); resolves with every answer. */
async function race(s: fc.Scheduler, ops: { label: string; run: () => Promise<Answer> }[], delays: number[]): Promise<Answer[]> {
  const answers = ops.map((op, i) =>
    s.schedule(Promise.resolve(op.label), op.label).then(async () => {
      await sleep(delays[i] ?? 0);
      return op.run();
    }),
  );
  await s.waitAll();
  return Promise.all(answers);
}

describe('races: the stored state is always one of the serial orders', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  let agreement: AgreementView;
  let government: string;

  beforeAll(async () => {
    t = await startTestApp();
    auth = await bearers(t, ['monitor', 'reviewer', 'officer-ru', 'officer-tr', 'admin']);
    agreement = (await seededTruce(t, (await t.login('admin')).accessToken)).agreement;
    government = agreement.parties.find((p) => p.name === 'Syrian Arab Army and government forces')!.id;
  });
  afterAll(async () => {
    await t.close();
    if (process.env.RACE_SUMMARY) writeFileSync(process.env.RACE_SUMMARY, JSON.stringify({ runs: RUNS, explored }));
  });

  const post = async (user: string, path: string, body: object, headers: Record<string, string> = {}): Promise<Answer> => {
    const req = t.http.post(path).set('Authorization', auth[user]!);
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    const res = await req.send(body);
    return { status: res.status, body: res.body as Record<string, unknown> };
  };
  const file = (body: IncidentInput, key = newKey()) => post('monitor', '/api/incidents', body, { 'Idempotency-Key': key });
  const one = async <T extends object>(sql: string, params: unknown[]) => (await t.db.query(sql, params)).rows[0] as T;
  const seqOf = async (type: string, id: string, field = 'id') =>
    Number((await one<{ seq: string }>(`SELECT seq FROM event_log WHERE type = $1 AND data->>'${field}' = $2 ORDER BY seq LIMIT 1`, [type, id])).seq);

  it('concurrent submissions with one Idempotency-Key store one report, answered alike', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.boolean(), { minLength: 2, maxLength: 5 }),
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 5, maxLength: 5 }),
        async (s, sameBody, delays) => {
          const key = newKey();
          const bodies = {
            a: aReport(agreement.id, { description: `race body A ${key}` }),
            b: aReport(agreement.id, { description: `race body B ${key}` }),
          };
          const which = sameBody.map((same, i) => (i === 0 || same ? 'a' : 'b') as 'a' | 'b');
          const answers = await race(s, which.map((w, i) => ({ label: `${w}${i}`, run: () => file(bodies[w], key) })), delays);

          const stored = await one<{ id: string; n: string }>(
            `SELECT min(response_body->>'id') AS id, count(*) AS n FROM idempotency_keys WHERE key = $1`,
            [key],
          );
          expect(Number(stored.n)).toBe(1);
          const rows = await t.db.query(`SELECT id, description FROM incidents WHERE description IN ($1, $2)`, [bodies.a.description, bodies.b.description]);
          expect(rows.rows).toHaveLength(1);
          const winner = rows.rows[0].description === bodies.a.description ? 'a' : 'b';
          expect(rows.rows[0].id).toBe(stored.id);
          // Every answer is one a serial order could give (409 only says "still running, retry").
          answers.forEach((answer, i) => {
            if (which[i] === winner) expect([201, 409]).toContain(answer.status);
            else expect([409, 422]).toContain(answer.status);
            if (answer.status === 201) expect(answer.body.id).toBe(stored.id);
          });
          expect(answers.some((a) => a.status === 201)).toBe(true);
          for (const a of answers) saw('key', String(a.status));
          // Settled: retries now answer as any serial order would.
          expect((await file(bodies[winner], key)).body.id).toBe(stored.id);
          expect((await file(bodies[winner === 'a' ? 'b' : 'a'], key)).status).toBe(422);
          const events = await one<{ n: string }>(`SELECT count(*) AS n FROM event_log WHERE type = 'incident.created' AND data->>'id' = $1`, [stored.id]);
          const audits = await one<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'incident.filed' AND entity_id = $1`, [stored.id]);
          expect([Number(events.n), Number(audits.n)]).toEqual([1, 1]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("a review, a guarantor's answer and a cross-confirmation racing: every change kept, in the commit order", async () => {
    type Op = 'review' | 'answer' | 'confirm';
    const applied = (v: IncidentView): Op[] => [
      ...(v.verification === 'verified' ? (['review'] as const) : []),
      ...(v.responses.length ? (['answer'] as const) : []),
      ...(v.confirmations.length ? (['confirm'] as const) : []),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.subarray<Op>(['review', 'answer', 'confirm'], { minLength: 2 }),
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 3, maxLength: 3 }),
        async (s, ops, delays) => {
          const filed = await file(aReport(agreement.id, { perpetratorPartyId: government }));
          expect(filed.body.responsibleGuarantor).toBe('RU');
          const id = filed.body.id as string;
          const run: Record<Op, () => Promise<Answer>> = {
            review: () => post('reviewer', `/api/incidents/${id}/verification`, { to: 'verified', note: 'checked' }),
            answer: () => post('officer-ru', `/api/incidents/${id}/responses`, { response: 'acknowledged' }),
            confirm: () => post('officer-tr', `/api/incidents/${id}/confirmations`, { confirmation: 'cannot_confirm' }),
          };
          const answers = await race(s, ops.map((op) => ({ label: op, run: run[op] })), delays);
          expect(answers.map((a) => a.status)).toEqual(ops.map(() => 200));

          // The commit order, from the event log: each event shows exactly one more change than the one before.
          const events = (await t.db.query(`SELECT seq, data FROM event_log WHERE type = 'incident.updated' AND data->>'id' = $1 ORDER BY seq`, [id])).rows;
          expect(events).toHaveLength(ops.length);
          const order: Op[] = [];
          for (const e of events) {
            const now = applied(e.data as IncidentView);
            expect(now).toHaveLength(order.length + 1);
            expect(now).toEqual(expect.arrayContaining(order));
            order.push(now.find((op) => !order.includes(op))!);
          }
          saw('lifecycle', order.join(' → '));
          // Each answer is the state right after its own change in that order.
          ops.forEach((op, i) => expect(applied(answers[i]!.body as unknown as IncidentView).sort()).toEqual(order.slice(0, order.indexOf(op) + 1).sort()));
          // The stored state is the serial order's final state, and the audit trail tells the same order.
          const final = (await t.http.get(`/api/incidents/${id}`).set('Authorization', auth.reviewer!)).body as IncidentView;
          expect(applied(final).sort()).toEqual([...ops].sort());
          if (ops.includes('answer')) expect(final.acknowledgedAt).not.toBeNull();
          const actions = (await t.db.query(`SELECT action FROM audit_log WHERE entity_id = $1 AND action <> 'incident.filed' ORDER BY id`, [id])).rows.map((r) => r.action);
          const actionOf: Record<Op, string> = { review: 'incident.verification_changed', answer: 'incident.answered', confirm: 'incident.cross_confirmed' };
          expect(actions).toEqual(order.map((op) => actionOf[op]));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a linked-group designation racing a filing and a correction: each is classified by the registry its commit order saw', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 3, maxLength: 3 }),
        async (s, withCorrection, delays) => {
          n += 1;
          const party = await post('admin', `/api/agreements/${agreement.id}/parties`, {
            name: `Race Brigade ${n} ${newKey().slice(0, 8)}`,
            bloc: 'opposition',
            guarantor: 'TR',
            signatoryStatus: 'signed',
            from: '2016-12-29T22:00:00Z',
          });
          expect(party.status).toBe(201);
          const partyId = party.body.entityId as string;
          const attack = (occurredAt: string) => aReport(agreement.id, { perpetratorPartyId: government, target: { partyId }, occurredAt });
          // Filed before the race: a violation, which the correction may or may not see re-classified.
          const earlier = withCorrection ? await file(attack('2017-02-10T08:00:00Z')) : null;
          const ops = [
            { label: 'designate', run: () => post('officer-ru', `/api/agreements/${agreement.id}/exclusions`, { partyId, kind: 'linked', designatedBy: 'RU', basis: 'race', from: '2017-02-01T00:00:00Z' }) },
            { label: 'file', run: () => file(attack('2017-02-15T08:00:00Z')) },
            ...(earlier
              ? [{ label: 'correct', run: () => post('reviewer', `/api/incidents/${earlier.body.id as string}/corrections`, { changes: { occurredAt: '2017-02-11T08:00:00Z' }, note: 'time corrected' }) }]
              : []),
          ];
          const [designation, filing, correction] = await race(s, ops, delays);
          expect([designation!.status, filing!.status, correction?.status ?? 200]).toEqual([201, 201, 200]);

          const designatedAt = await seqOf('registry.updated', designation!.body.entityId as string, 'entityId');
          const outcome = (after: boolean) => (after ? 'disputed_exclusion' : 'violation');
          const filedAt = await seqOf('incident.created', filing!.body.id as string);
          const stored = await one<{ outcome: string }>('SELECT outcome FROM incidents WHERE id = $1', [filing!.body.id]);
          expect(stored.outcome).toBe(outcome(filedAt > designatedAt));
          saw('designation', filedAt > designatedAt ? 'designation committed first' : 'filing committed first');
          expect((filing!.body.classification as { outcome: string }).outcome).toBe(stored.outcome);
          if (earlier && correction) {
            const correctedAt = Number(
              (await one<{ seq: string }>(`SELECT max(seq) AS seq FROM event_log WHERE type = 'incident.updated' AND data->>'id' = $1`, [earlier.body.id])).seq,
            );
            const row = await one<{ outcome: string }>('SELECT outcome FROM incidents WHERE id = $1', [earlier.body.id]);
            expect(row.outcome).toBe(outcome(correctedAt > designatedAt));
            saw('designation', correctedAt > designatedAt ? 'correction after the designation' : 'correction before the designation');
            expect((correction.body.classification as { outcome: string }).outcome).toBe(row.outcome);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
