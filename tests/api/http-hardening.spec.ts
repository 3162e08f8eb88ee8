import { startTestApp, type TestApp } from '../support/test-app.js';

describe('HTTP hardening', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ settings: { CORS_ORIGINS: 'https://analysis.example.org' } });
  });
  afterAll(() => t.close());

  it('sends security headers with a content security policy', async () => {
    const res = await t.http.get('/api/health');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('lets only the configured origins call across sites', async () => {
    const preflight = (origin: string) =>
      t.http.options('/api/incidents').set('Origin', origin).set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'authorization,idempotency-key,content-type');
    const allowed = await preflight('https://analysis.example.org');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://analysis.example.org');
    const refused = await preflight('https://evil.example');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers an unknown route with the JSON error shape', async () => {
    const res = await t.http.get('/api/nothing-here').set('Authorization', `Bearer ${(await t.login('analyst')).accessToken}`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
  });
});

describe('serving the dashboard', () => {
  it('serves the page uncached and its hashed assets as immutable, and never shadows the API', async () => {
    const { mkdtemp, mkdir, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'truce-dashboard-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Truce Monitor</title>');
    await writeFile(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    const t = await startTestApp({ settings: { DASHBOARD_DIR: dir } });
    try {
      const page = await t.http.get('/');
      expect(page.status).toBe(200);
      expect(page.headers['cache-control']).toBe('no-cache');
      const asset = await t.http.get('/assets/index-abc123.js');
      expect(asset.headers['cache-control']).toMatch(/immutable/);
      const deepLink = await t.http.get('/reports/some-id');
      expect(deepLink.text).toContain('Truce Monitor');
      const api = await t.http.get('/api/no-such-endpoint');
      expect(api.status).toBe(404);
      expect(api.body.statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});
