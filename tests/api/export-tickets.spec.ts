import type { AgreementView, ExportTicketView, LoginResponse } from '@truce-monitor/domain';
import { aReport, newKey, seededTruce } from '../support/fixtures.js';
import { getWithTrailers, sha256 } from '../support/http-trailers.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';
import { ExportTicketsService } from '../../apps/api/src/export-tickets/export-tickets.service.js';

/**
 * Download tickets: POST /api/exports/tickets gives an export's address with
 * an opaque single-use ticket; the export then needs no bearer token. Tickets
 * are short-lived, bound to the account, its session, the format and the
 * filter; they are audited and never the JWT.
 */
describe('export download tickets', () => {
  let t: TestApp;
  let analyst: string;
  let analystId: string;
  let agreement: AgreementView;
  const filter = () => ({ agreementId: agreement.id, from: '2017-01-01', to: '2017-01-31' });
  const ticketFor = (token: string, body: object) => t.http.post('/api/exports/tickets').set('Authorization', `Bearer ${token}`).send(body);

  beforeAll(async () => {
    t = await startTestApp();
    const login = await t.login('analyst');
    analyst = login.accessToken;
    analystId = login.user.id;
    agreement = (await seededTruce(t, analyst)).agreement;
    const monitor = (await t.login('monitor')).accessToken;
    for (const day of ['02', '03', '04'])
      await t.http.post('/api/incidents').set('Authorization', `Bearer ${monitor}`).set('Idempotency-Key', newKey()).send(aReport(agreement.id, { occurredAt: `2017-01-${day}T09:30:00Z` }));
  });
  afterAll(() => t.close());

  it('opens the export once without a token: the same rows and data hash as the bearer export, audited', async () => {
    const res = await ticketFor(analyst, { format: 'csv', filter: filter() });
    expect(res.status).toBe(201);
    const view = res.body as ExportTicketView;
    expect(view.url).toMatch(/^\/api\/exports\/incidents\.csv\?agreementId=.*&ticket=[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(view.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
    // Not the JWT, nor anything that contains it.
    expect(view.url).not.toContain(analyst);
    expect(view.url).not.toContain(analyst.split('.')[1]);

    const file = await getWithTrailers(t.baseUrl, view.url);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/attachment; filename="incidents-\d{8}\.csv"/);
    const records = file.body.slice(file.body.indexOf('\n') + 1);
    expect(file.trailers['x-truce-data-hash']).toBe(sha256(records));
    expect(Number(file.trailers['x-truce-row-count'])).toBe(3);
    const stated = await t.http.get(`/api/exports/incidents.sha256?agreementId=${agreement.id}&from=2017-01-01&to=2017-01-31`).set('Authorization', `Bearer ${analyst}`);
    expect(stated.body).toMatchObject({ rows: 3, dataSha256: file.trailers['x-truce-data-hash'] });

    // Used once: the second time is refused, saying why.
    const again = await getWithTrailers(t.baseUrl, view.url);
    expect(again.status).toBe(401);
    expect(JSON.parse(again.body)).toMatchObject({ statusCode: 401, message: expect.stringMatching(/already used/), details: [expect.objectContaining({ field: 'ticket' })] });

    const audit = await t.db.query<{ action: string; actor_id: string; data: { format: string; filter?: unknown } }>(
      `SELECT action, actor_id, data FROM audit_log WHERE action LIKE 'export.%' ORDER BY id`,
    );
    const actions = audit.rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['export.ticket_issued', 'export.started', 'export.finished']));
    expect(actions.indexOf('export.ticket_issued')).toBeLessThan(actions.indexOf('export.started'));
    for (const r of audit.rows) expect(r.actor_id).toBe(analystId);
    // The ticket itself is in no audit entry and not stored in the clear.
    const ticket = view.url.split('ticket=')[1]!;
    expect(JSON.stringify(audit.rows)).not.toContain(ticket);
    const stored = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM export_tickets WHERE ticket_sha256 = $1', [sha256(ticket)]);
    expect(stored.rows[0]!.n).toBe('1');
    expect(JSON.stringify((await t.db.query('SELECT * FROM export_tickets')).rows)).not.toContain(ticket);
  });

  it('NDJSON and GeoJSON tickets, and HXL, carry the same data hash', async () => {
    const hashes: string[] = [];
    for (const [format, extra] of [['ndjson', {}], ['geojson', {}], ['csv', { hxl: '1' }]] as const) {
      const view = (await ticketFor(analyst, { format, filter: { ...filter(), ...extra } })).body as ExportTicketView;
      if ('hxl' in extra) expect(view.url).toContain('hxl=1');
      const file = await getWithTrailers(t.baseUrl, view.url);
      expect(file.status).toBe(200);
      hashes.push(file.trailers['x-truce-data-hash']!);
    }
    expect(new Set(hashes).size).toBe(1);
  });

  it('refuses a ticket shown with another filter or for another format (403), and it is spent', async () => {
    const view = (await ticketFor(analyst, { format: 'csv', filter: filter() })).body as ExportTicketView;
    const widened = view.url.replace('to=2017-01-31', 'to=2017-12-31');
    const res = await getWithTrailers(t.baseUrl, widened);
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).message).toMatch(/another filter/);
    expect((await getWithTrailers(t.baseUrl, view.url)).status).toBe(401);

    const other = (await ticketFor(analyst, { format: 'csv', filter: filter() })).body as ExportTicketView;
    const asGeojson = await getWithTrailers(t.baseUrl, other.url.replace('incidents.csv', 'incidents.geojson'));
    expect(asGeojson.status).toBe(403);
    expect(JSON.parse(asGeojson.body).message).toMatch(/issued for incidents\.csv/);
  });

  it('refuses an expired ticket (401)', async () => {
    const view = (await ticketFor(analyst, { format: 'csv', filter: filter() })).body as ExportTicketView;
    const ticket = view.url.split('ticket=')[1]!;
    await t.db.query(`UPDATE export_tickets SET expires_at = now() - interval '1 second' WHERE ticket_sha256 = $1`, [sha256(ticket)]);
    const res = await getWithTrailers(t.baseUrl, view.url);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).message).toMatch(/expired/);
  });

  it('refuses an unknown or malformed ticket (401), and a ticket on the hash endpoint (403)', async () => {
    const q = `agreementId=${agreement.id}`;
    for (const ticket of ['A'.repeat(43), 'short', analyst]) {
      const res = await getWithTrailers(t.baseUrl, `/api/exports/incidents.csv?${q}&ticket=${encodeURIComponent(ticket)}`);
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body).details[0].field).toBe('ticket');
    }
    const view = (await ticketFor(analyst, { format: 'csv', filter: { agreementId: agreement.id } })).body as ExportTicketView;
    const res = await getWithTrailers(t.baseUrl, `/api/exports/incidents.sha256?${q}&ticket=${view.url.split('ticket=')[1]}`);
    expect(res.status).toBe(403);
  });

  it('a ticket dies with the session it was issued in (logout)', async () => {
    const session = (await t.login('reviewer')).accessToken;
    const view = (await ticketFor(session, { format: 'csv', filter: filter() })).body as ExportTicketView;
    expect((await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${session}`)).status).toBeLessThan(300);
    const res = await getWithTrailers(t.baseUrl, view.url);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).message).toMatch(/session/);
  });

  it('no ticket for a session that ended after its request was authenticated (logout in between)', async () => {
    // A session of its own (t.login keeps one per account, which other tests end).
    const login = (await t.http.post('/api/auth/login').send({ username: 'officer-ir', password: DEMO_PASSWORD })).body as LoginResponse;
    const tickets = t.app.get(ExportTicketsService);
    const { rows } = await t.db.query('SELECT token_version FROM users WHERE id = $1', [login.user.id]);
    const authenticatedWith = rows[0].token_version as number;
    // The request was authenticated with this session; a logout commits before the ticket is written.
    const logout = await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${login.accessToken}`);
    expect([logout.status, logout.body]).toEqual([204, {}]);
    await expect(tickets.issue(login.user, authenticatedWith, { format: 'csv', filter: { ...filter(), hxl: false, minVerification: 'reported' } })).rejects.toMatchObject({ status: 401 });
    expect((await t.db.query('SELECT count(*)::int AS n FROM export_tickets WHERE user_id = $1 AND token_version = $2', [login.user.id, authenticatedWith])).rows[0].n).toBe(0);
  });

  it('the bearer token still works on the exports, and without either the answer is 401', async () => {
    const q = `agreementId=${agreement.id}`;
    expect((await t.http.get(`/api/exports/incidents.csv?${q}`).set('Authorization', `Bearer ${analyst}`)).status).toBe(200);
    expect((await getWithTrailers(t.baseUrl, `/api/exports/incidents.csv?${q}`)).status).toBe(401);
    const monitor = (await t.login('monitor')).accessToken;
    expect((await t.http.get(`/api/exports/incidents.csv?${q}`).set('Authorization', `Bearer ${monitor}`)).status).toBe(403);
  });

  it.each([
    [{ format: 'xlsx', filter: {} }, 'format'],
    [{ filter: {} }, 'format'],
    [{ format: 'csv', filter: { from: '2017-13-01' } }, 'filter.from'],
    [{ format: 'csv', filter: { from: '2017-02-01', to: '2017-01-01' } }, 'filter.to'],
    [{ format: 'csv', filter: { governorates: 'XX-YY' } }, 'filter.governorates'],
    [{ format: 'csv', filter: { colour: 'red' } }, 'filter.colour'],
    [{ format: 'csv', filter: {}, ticket: 'mine' }, 'ticket'],
  ])('a bad ticket request %j is a 400 naming %s', async (body, field) => {
    const res = await ticketFor(analyst, body);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('monitors get no ticket (403)', async () => {
    const monitor = (await t.login('monitor')).accessToken;
    expect((await ticketFor(monitor, { format: 'csv', filter: {} })).status).toBe(403);
  });
});
