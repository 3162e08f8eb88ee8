import type { IncidentView } from '@truce-monitor/domain';
import { aReport, newKey, seededTruce } from '../support/fixtures.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

type Role = 'monitor' | 'reviewer' | 'officer' | 'analyst' | 'admin';
const ROLES: Role[] = ['monitor', 'reviewer', 'officer', 'analyst', 'admin'];
/** Statistics and exports: everyone but monitors. */
const STATS: Role[] = ['reviewer', 'officer', 'analyst', 'admin'];

interface Cell {
  name: string;
  method: 'get' | 'post';
  path: () => string;
  body?: () => object;
  headers?: () => Record<string, string>;
  allowed: Role[] | 'public';
  /** Which officer plays the officer role for this endpoint (object-level rules differ by guarantor). */
  officer?: 'officer-ru' | 'officer-tr';
}

/**
 * Every endpoint × every role: an allowed role gets past authorisation (any
 * answer but 401/403), a refused role gets 403, no token gets 401.
 */
describe('role × endpoint access matrix', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const monitor = (await t.login('monitor')).accessToken;
    const { agreement, party } = await seededTruce(t, monitor);
    ids.agreement = agreement.id;
    ids.party = party('Faylaq al-Sham');
    ids.exclusion = agreement.exclusions.find((e) => e.kind === 'linked')!.id;
    ids.government = party('Syrian Arab Army and government forces');
    const res = await t.http
      .post('/api/incidents')
      .set('Authorization', `Bearer ${monitor}`)
      .set('Idempotency-Key', newKey())
      .send(aReport(agreement.id, { perpetratorPartyId: ids.government }));
    ids.incident = (res.body as IncidentView).id;
    const admin = (await t.login('admin')).accessToken;
    const user = await t.http.post('/api/users').set('Authorization', `Bearer ${admin}`).send({ username: 'spare', password: 'a long enough passphrase', role: 'analyst' });
    ids.user = user.body.id;
    ids.channel = agreement.hotlineChannels[0]!.id;
    const ru = (await t.login('officer-ru')).accessToken;
    const message = await t.http.post(`/api/hotline/channels/${ids.channel}/messages`).set('Authorization', `Bearer ${ru}`).send({ body: 'matrix' });
    ids.message = message.body.id;
  });
  afterAll(() => t.close());

  const report = () => aReport(ids.agreement!, { perpetratorPartyId: ids.government! });
  const cells: Cell[] = [
    { name: 'GET /api/health', method: 'get', path: () => '/api/health', allowed: 'public' },
    { name: 'POST /api/auth/login', method: 'post', path: () => '/api/auth/login', body: () => ({ username: 'analyst', password: DEMO_PASSWORD }), allowed: 'public' },
    { name: 'GET /api/agreements', method: 'get', path: () => '/api/agreements', allowed: ROLES },
    { name: 'GET /api/agreements/:id', method: 'get', path: () => `/api/agreements/${ids.agreement}`, allowed: ROLES },
    {
      name: 'POST /api/agreements/:id/parties',
      method: 'post',
      path: () => `/api/agreements/${ids.agreement}/parties`,
      body: () => ({ name: `Brigade ${newKey().slice(0, 8)}`, bloc: 'opposition', guarantor: 'TR', signatoryStatus: 'unknown', from: '2017-01-05T00:00:00Z' }),
      allowed: ['admin'],
    },
    {
      name: 'POST /api/parties/:id/signatory-statuses',
      method: 'post',
      path: () => `/api/parties/${ids.party}/signatory-statuses`,
      body: () => ({ status: 'signed', from: '2017-01-10T00:00:00Z', claimedBy: 'test' }),
      allowed: ['admin'],
    },
    {
      name: 'POST /api/agreements/:id/exclusions',
      method: 'post',
      path: () => `/api/agreements/${ids.agreement}/exclusions`,
      body: () => ({ partyId: ids.party, kind: 'linked', designatedBy: 'RU', basis: 'test designation', from: '2017-03-01T00:00:00Z' }),
      allowed: ['admin', 'officer'],
      officer: 'officer-ru',
    },
    {
      name: 'POST /api/exclusions/:id/positions',
      method: 'post',
      path: () => `/api/exclusions/${ids.exclusion}/positions`,
      body: () => ({ position: 'accepts', guarantor: 'TR' }),
      allowed: ['admin', 'officer'],
      officer: 'officer-tr',
    },
    {
      name: 'POST /api/incidents',
      method: 'post',
      path: () => '/api/incidents',
      body: report,
      headers: () => ({ 'Idempotency-Key': newKey() }),
      allowed: ['monitor', 'reviewer', 'admin'],
    },
    { name: 'GET /api/incidents', method: 'get', path: () => '/api/incidents', allowed: ROLES },
    { name: 'GET /api/incidents/counts', method: 'get', path: () => `/api/incidents/counts?by=verification&agreementId=${ids.agreement}`, allowed: ['reviewer', 'admin'] },
    { name: 'GET /api/incidents/:id', method: 'get', path: () => `/api/incidents/${ids.incident}`, allowed: ROLES },
    {
      name: 'POST /api/incidents/:id/verification',
      method: 'post',
      path: () => `/api/incidents/${ids.incident}/verification`,
      body: () => ({ to: 'verified' }),
      allowed: ['reviewer', 'admin'],
    },
    {
      name: 'POST /api/incidents/:id/corrections',
      method: 'post',
      path: () => `/api/incidents/${ids.incident}/corrections`,
      body: () => ({ changes: {}, note: 're-check' }),
      allowed: ['reviewer', 'admin'],
    },
    {
      name: 'POST /api/incidents/:id/responses',
      method: 'post',
      path: () => `/api/incidents/${ids.incident}/responses`,
      body: () => ({ response: 'acknowledged' }),
      allowed: ['officer'],
      officer: 'officer-ru',
    },
    {
      name: 'POST /api/incidents/:id/confirmations',
      method: 'post',
      path: () => `/api/incidents/${ids.incident}/confirmations`,
      body: () => ({ confirmation: 'confirmed' }),
      allowed: ['officer'],
      officer: 'officer-tr',
    },
    { name: 'GET /api/events', method: 'get', path: () => '/api/events?after=0', allowed: ROLES },
    { name: 'GET /api/users', method: 'get', path: () => '/api/users', allowed: ['admin'] },
    {
      name: 'POST /api/users',
      method: 'post',
      path: () => '/api/users',
      body: () => ({ username: `user-${newKey().slice(0, 8)}`, password: 'a long enough passphrase', role: 'analyst' }),
      allowed: ['admin'],
    },
    { name: 'POST /api/users/:id/disable', method: 'post', path: () => `/api/users/${ids.user}/disable`, allowed: ['admin'] },
    { name: 'POST /api/users/:id/enable', method: 'post', path: () => `/api/users/${ids.user}/enable`, allowed: ['admin'] },
    { name: 'GET /api/hotline/channels', method: 'get', path: () => '/api/hotline/channels', allowed: ['officer', 'admin'] },
    {
      name: 'POST /api/hotline/channels',
      method: 'post',
      path: () => '/api/hotline/channels',
      body: () => ({ agreementId: ids.agreement, name: `channel ${newKey().slice(0, 6)}`, guarantors: ['TR', 'IR'] }),
      allowed: ['admin'],
    },
    { name: 'GET /api/hotline/channels/:id/messages', method: 'get', path: () => `/api/hotline/channels/${ids.channel}/messages`, allowed: ['officer', 'admin'], officer: 'officer-ru' },
    {
      name: 'GET /api/hotline/channels/:id/messages?awaiting=true',
      method: 'get',
      path: () => `/api/hotline/channels/${ids.channel}/messages?awaiting=true`,
      allowed: ['officer', 'admin'],
      officer: 'officer-tr',
    },
    {
      name: 'POST /api/hotline/channels/:id/messages',
      method: 'post',
      path: () => `/api/hotline/channels/${ids.channel}/messages`,
      body: () => ({ body: 'matrix message' }),
      allowed: ['officer'],
      officer: 'officer-ru',
    },
    { name: 'POST /api/hotline/messages/:id/acknowledgements', method: 'post', path: () => `/api/hotline/messages/${ids.message}/acknowledgements`, allowed: ['officer'], officer: 'officer-tr' },
    { name: 'GET /api/exports/incidents.csv', method: 'get', path: () => `/api/exports/incidents.csv?agreementId=${ids.agreement}`, allowed: STATS },
    { name: 'GET /api/exports/incidents.ndjson', method: 'get', path: () => `/api/exports/incidents.ndjson?agreementId=${ids.agreement}`, allowed: STATS },
    { name: 'GET /api/exports/incidents.geojson', method: 'get', path: () => `/api/exports/incidents.geojson?agreementId=${ids.agreement}`, allowed: STATS },
    { name: 'GET /api/exports/incidents.sha256', method: 'get', path: () => `/api/exports/incidents.sha256?agreementId=${ids.agreement}`, allowed: STATS },
    {
      name: 'POST /api/exports/tickets',
      method: 'post',
      path: () => '/api/exports/tickets',
      body: () => ({ format: 'csv', filter: { agreementId: ids.agreement } }),
      allowed: STATS,
    },
    { name: 'POST /api/auth/logout', method: 'post', path: () => '/api/auth/logout', allowed: ROLES },
  ];

  const userFor = (role: Role, cell: Cell) => (role === 'officer' ? (cell.officer ?? 'officer-ru') : role);
  const call = (cell: Cell, token?: string) => {
    let req = t.http[cell.method](cell.path());
    if (token) req = req.set('Authorization', `Bearer ${token}`);
    for (const [k, v] of Object.entries(cell.headers?.() ?? {})) req = req.set(k, v);
    return cell.body ? req.send(cell.body()) : req;
  };

  const matrix = cells.flatMap((cell) => ROLES.map((role) => [cell.name, role, cell] as const));
  it.each(matrix)('%s as %s', async (_name, role, cell) => {
    // A fresh sign-in per cell: logout in the matrix must not spoil other cells.
    const login = await t.http.post('/api/auth/login').send({ username: userFor(role, cell), password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    const res = await call(cell, login.body.accessToken);
    if (cell.allowed === 'public' || cell.allowed.includes(role)) {
      expect([401, 403]).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    } else {
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    }
  });

  it.each(cells.filter((c) => c.allowed !== 'public').map((c) => [c.name, c] as const))('%s without a token is 401', async (_name, cell) => {
    expect((await call(cell)).status).toBe(401);
  });
});
