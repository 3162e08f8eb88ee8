import jwt from 'jsonwebtoken';
import { startTestApp, type TestApp, DEMO_PASSWORD } from '../support/test-app.js';

describe('sign-in, tokens, logout and disabled accounts', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = (await t.login('admin')).accessToken;
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http.get('/api/agreements').set('Authorization', `Bearer ${token}`);
  const login = (username: string, password: string) => t.http.post('/api/auth/login').send({ username, password });

  it('answers {accessToken, user} and never the password hash', async () => {
    const res = await login('officer-tr', DEMO_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({ id: expect.any(String), username: 'officer-tr', role: 'officer', guarantor: 'TR' });
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|passwordHash/);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const wrong = await login('analyst', 'nope-nope');
    const unknown = await login('nobody', 'nope-nope');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('refuses tokens with alg none, a wrong signature, or an expired one', async () => {
    const { user } = await t.login('analyst');
    const none = jwt.sign({ sub: user.id, tv: 0 }, '', { algorithm: 'none' });
    const forged = jwt.sign({ sub: user.id, tv: 0 }, 'not-the-key-not-the-key-not-the-key', { algorithm: 'HS256' });
    const expired = jwt.sign({ sub: user.id, tv: 0, exp: Math.floor(Date.now() / 1000) - 10 }, 'whatever-whatever-whatever-whatever');
    for (const token of [none, forged, expired, 'garbage']) {
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
    expect((await t.http.get('/api/agreements')).status).toBe(401);
  });

  it('logout ends the session at once', async () => {
    const { accessToken } = (await login('reviewer', DEMO_PASSWORD)).body;
    expect((await me(accessToken)).status).toBe(200);
    expect((await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${accessToken}`)).status).toBe(204);
    expect((await me(accessToken)).status).toBe(401);
  });

  it('an admin creates and disables accounts; disabling takes effect at once', async () => {
    const created = await t.http
      .post('/api/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'field-07', password: 'a long enough passphrase', role: 'monitor' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'field-07', role: 'monitor', guarantor: null, disabled: false });
    const { accessToken } = (await login('field-07', 'a long enough passphrase')).body;
    expect((await me(accessToken)).status).toBe(200);
    const disabled = await t.http.post(`/api/users/${created.body.id}/disable`).set('Authorization', `Bearer ${admin}`);
    expect(disabled.body.disabled).toBe(true);
    expect((await me(accessToken)).status).toBe(401);
    expect((await login('field-07', 'a long enough passphrase')).status).toBe(401);
  });

  it('names the problem with a new account', async () => {
    const res = await t.http.post('/api/users').set('Authorization', `Bearer ${admin}`).send({ username: 'x', password: 'short', role: 'officer' });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['guarantor', 'password', 'username']);
    const noGuarantor = await t.http.post('/api/users').set('Authorization', `Bearer ${admin}`).send({ username: 'officer-x', password: 'a long enough passphrase', role: 'officer' });
    expect(noGuarantor.body.details[0].field).toBe('guarantor');
    const taken = await t.http.post('/api/users').set('Authorization', `Bearer ${admin}`).send({ username: 'analyst', password: 'a long enough passphrase', role: 'analyst' });
    expect(taken.status).toBe(409);
  });

  it('throttles repeated guessing of one account with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 12; i++) {
      const res = await login('monitor', `guess-${i}`);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers['retry-after'];
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Another account from the same address is not locked out.
    expect((await login('analyst', DEMO_PASSWORD)).status).toBe(200);
  });
});

describe('per-account rate limit on writes', () => {
  it('answers 429 with Retry-After past the limit, for that account only', async () => {
    const t = await startTestApp({ settings: { WRITES_PER_MINUTE: '5' } });
    try {
      const reviewer = (await t.login('reviewer')).accessToken;
      const write = (token: string) => t.http.post('/api/auth/logout').set('Authorization', `Bearer ${token}`);
      // Logout is a write that ends the session, so sign in again between attempts.
      const statuses: number[] = [];
      let retryAfter: string | undefined;
      for (let i = 0; i < 7; i++) {
        const token = (await t.http.post('/api/auth/login').send({ username: 'analyst', password: DEMO_PASSWORD })).body.accessToken;
        const res = await write(token);
        statuses.push(res.status);
        retryAfter ??= res.headers['retry-after'];
      }
      expect(statuses).toEqual([204, 204, 204, 204, 204, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect((await write(reviewer)).status).toBe(204);
    } finally {
      await t.close();
    }
  });
});
