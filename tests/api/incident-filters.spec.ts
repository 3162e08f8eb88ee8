import type { IncidentPage, IncidentView } from '@truce-monitor/domain';
import { aReport, newKey, seededTruce } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * GET /api/incidents asks the server for what a view shows: by responsible
 * guarantor, awaiting an answer, not yet cross-confirmed, by verification
 * state, a set of ids; sorted by report time or by deadline (overdue first);
 * paged by a cursor that keeps its filter and sort. Bad values are 400s
 * naming the parameter; the object-level rules still hold.
 */
describe('GET /api/incidents filters, sorts and ids', () => {
  let t: TestApp;
  let agreementId: string;
  const tokens: Record<string, string> = {};
  const byName: Record<string, IncidentView> = {};

  const get = (query: string, who = 'analyst') => t.http.get(`/api/incidents?agreementId=${agreementId}&${query}`).set('Authorization', `Bearer ${tokens[who]}`);
  const ids = (res: { body: IncidentPage }) => res.body.items.map((i) => i.id);
  const file = async (name: string, perpetratorPartyId: string | null, who = 'monitor') => {
    const res = await t.http
      .post('/api/incidents')
      .set('Authorization', `Bearer ${tokens[who]}`)
      .set('Idempotency-Key', newKey())
      .send(aReport(agreementId, { perpetratorPartyId, description: `filters: ${name}` }));
    expect(res.status).toBe(201);
    byName[name] = res.body as IncidentView;
  };

  beforeAll(async () => {
    t = await startTestApp();
    for (const who of ['monitor', 'reviewer', 'officer-ru', 'officer-tr', 'analyst', 'admin']) tokens[who] = (await t.login(who)).accessToken;
    const { agreement, party } = await seededTruce(t, tokens.analyst!);
    agreementId = agreement.id;
    const government = party('Syrian Arab Army and government forces');
    const opposition = party('Faylaq al-Sham');
    await file('ru-1', government);
    await file('ru-2', government);
    await file('ru-3', government);
    await file('tr-1', opposition);
    await file('none-1', null);
    await file('by-reviewer', government, 'reviewer');
    // ru-2 is answered by Russia; ru-3 is overdue; tr-1 is cross-confirmed by Russia; none-1 is verified.
    expect((await t.http.post(`/api/incidents/${byName['ru-2']!.id}/responses`).set('Authorization', `Bearer ${tokens['officer-ru']}`).send({ response: 'acknowledged' })).status).toBe(200);
    expect((await t.http.post(`/api/incidents/${byName['tr-1']!.id}/confirmations`).set('Authorization', `Bearer ${tokens['officer-ru']}`).send({ confirmation: 'confirmed' })).status).toBe(200);
    expect((await t.http.post(`/api/incidents/${byName['none-1']!.id}/verification`).set('Authorization', `Bearer ${tokens.reviewer}`).send({ to: 'verified' })).status).toBe(200);
    await t.db.query(`UPDATE incidents SET acknowledge_by = now() - interval '5 minutes' WHERE id = $1`, [byName['ru-3']!.id]);
  });
  afterAll(() => t.close());

  it('responsibleGuarantor and awaiting select what awaits a guarantor', async () => {
    const ru = await get('responsibleGuarantor=RU');
    expect(new Set(ids(ru))).toEqual(new Set(['ru-1', 'ru-2', 'ru-3', 'by-reviewer'].map((n) => byName[n]!.id)));
    const awaiting = await get('responsibleGuarantor=RU&awaiting=1');
    expect(new Set(ids(awaiting))).toEqual(new Set(['ru-1', 'ru-3', 'by-reviewer'].map((n) => byName[n]!.id)));
    const answered = await get('responsibleGuarantor=RU&awaiting=0');
    expect(ids(answered)).toEqual([byName['ru-2']!.id]);
    const unrouted = await get('responsibleGuarantor=none');
    expect(ids(unrouted)).toEqual([byName['none-1']!.id]);
    for (const item of awaiting.body.items) expect(item).toMatchObject({ responsibleGuarantor: 'RU', acknowledgedAt: null });
  });

  it('sort=deadline puts overdue reports first, then by deadline, and pages in that order', async () => {
    const res = await get('responsibleGuarantor=RU&awaiting=true&sort=deadline');
    expect(res.status).toBe(200);
    expect(res.body.items[0].id).toBe(byName['ru-3']!.id);
    expect(res.body.items[0].overdue).toBe(true);
    const deadlines = res.body.items.map((i: IncidentView) => Date.parse(i.acknowledgeBy!));
    expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
    // One at a time: the same order, no repeats.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`responsibleGuarantor=RU&awaiting=1&sort=deadline&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      paged.push(...ids(page));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(ids(res));
  });

  it('sort=reported_asc is oldest first; reported_desc (the default) newest first; both page', async () => {
    const asc = ids(await get('sort=reported_asc'));
    const desc = ids(await get(''));
    expect(asc).toEqual([...desc].reverse());
    const first = await get('sort=reported_asc&limit=2');
    const second = await get(`sort=reported_asc&limit=2&cursor=${first.body.nextCursor}`);
    expect([...ids(first), ...ids(second)]).toEqual(asc.slice(0, 4));
  });

  it('a cursor is only good for the sort it came from', async () => {
    const first = await get('sort=reported_asc&limit=1');
    const res = await get(`sort=deadline&limit=1&cursor=${first.body.nextCursor}`);
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'cursor' })]);
    expect((await get('cursor=bm90IGEgY3Vyc29y')).body.details).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });

  it('unconfirmedBy selects reports routed elsewhere that this guarantor has not cross-confirmed', async () => {
    const tr = await get('unconfirmedBy=TR');
    expect(new Set(ids(tr))).toEqual(new Set(['ru-1', 'ru-2', 'ru-3', 'by-reviewer'].map((n) => byName[n]!.id)));
    // Russia confirmed tr-1; nothing else is routed to another guarantor than Russia.
    expect(ids(await get('unconfirmedBy=RU'))).toEqual([]);
    expect(ids(await get('unconfirmedBy=IR'))).toContain(byName['tr-1']!.id);
  });

  it('verification takes one state or several', async () => {
    expect(ids(await get('verification=verified'))).toEqual([byName['none-1']!.id]);
    const both = await get('verification=reported,verified');
    expect(both.body.items).toHaveLength(6);
    const repeated = await get('verification=reported&verification=verified');
    expect(new Set(ids(repeated))).toEqual(new Set(ids(both)));
  });

  it('ids fetches a set of reports at once, within what the caller may see', async () => {
    const wanted = [byName['ru-1']!.id, byName['tr-1']!.id, '00000000-0000-4000-8000-000000000000'];
    const res = await get(`ids=${wanted.join(',')}`);
    expect(new Set(ids(res))).toEqual(new Set(wanted.slice(0, 2)));
    // A monitor asking for another's report by id does not get it.
    const monitor = await get(`ids=${byName['by-reviewer']!.id},${byName['ru-1']!.id}`, 'monitor');
    expect(ids(monitor)).toEqual([byName['ru-1']!.id]);
  });

  it('filters combine with the object-level rules: a monitor sees only its own reports', async () => {
    const res = await get('responsibleGuarantor=RU&awaiting=1', 'monitor');
    expect(new Set(ids(res))).toEqual(new Set(['ru-1', 'ru-3'].map((n) => byName[n]!.id)));
  });

  it('names the filer to reviewers and admins, never to officers or analysts', async () => {
    const query = `ids=${byName['ru-1']!.id}`;
    for (const who of ['officer-ru', 'officer-tr', 'analyst']) {
      const res = await get(query, who);
      expect(res.body.items[0]).not.toHaveProperty('filedBy');
      expect(JSON.stringify(res.body)).not.toContain('"monitor"');
    }
    for (const who of ['reviewer', 'admin', 'monitor']) expect((await get(query, who)).body.items[0].filedBy).toMatchObject({ username: 'monitor' });
  });

  it.each([
    ['responsibleGuarantor=XX', 'responsibleGuarantor'],
    ['awaiting=maybe', 'awaiting'],
    ['unconfirmedBy=US', 'unconfirmedBy'],
    ['verification=pending', 'verification'],
    ['sort=random', 'sort'],
    ['ids=not-a-uuid', 'ids'],
    [`ids=${Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`).join(',')}`, 'ids'],
    ['limit=501', 'limit'],
    ['limit=0', 'limit'],
    ['colour=red', 'colour'],
  ])('%s is a 400 naming %s', async (query, field) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });
  it('paging by deadline loses nothing when a report of a page already read is answered meanwhile', async () => {
    const { party } = await seededTruce(t, tokens.analyst!);
    for (const n of [1, 2, 3, 4, 5]) await file(`late-${n}`, party('Syrian Arab Army and government forces'));
    // All five overdue, a minute apart: the queue's order is late-1 … late-5, before every report not overdue.
    for (const n of [1, 2, 3, 4, 5])
      await t.db.query(`UPDATE incidents SET acknowledge_by = now() - interval '1 hour' + $2 * interval '1 minute' WHERE id = $1`, [byName[`late-${n}`]!.id, n]);
    const query = 'responsibleGuarantor=RU&awaiting=1&sort=deadline&limit=2';
    const first = await get(query);
    const late = (n: number) => byName[`late-${n}`]!.id;
    expect(ids(first)).toEqual([late(1), late(2)]);
    // The last report of the page is answered before the next page is asked for: it changes rank, the next page must not.
    expect((await t.http.post(`/api/incidents/${late(2)}/responses`).set('Authorization', `Bearer ${tokens['officer-ru']}`).send({ response: 'acknowledged' })).status).toBe(200);
    const rest: string[] = [];
    let cursor: string | null = first.body.nextCursor;
    while (cursor) {
      const page = await get(`${query}&cursor=${cursor}`);
      expect(page.status).toBe(200);
      rest.push(...ids(page));
      cursor = page.body.nextCursor;
    }
    expect(rest.slice(0, 3)).toEqual([late(3), late(4), late(5)]);
    expect(rest).not.toContain(late(2));
  });
});
