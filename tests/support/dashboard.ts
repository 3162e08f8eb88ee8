import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import type { AgreementView, IncidentInput, IncidentView, LoginResponse } from '@truce-monitor/domain';
import { aReport } from './fixtures.js';
import { DEMO_PASSWORD } from './test-app.js';

/** Calls to the real product's API from a browser test, as a field app or a script would make them. */
export function productApi(baseUrl: string) {
  const call = async <T>(path: string, init: RequestInit & { token?: string } = {}): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: {
        'Content-Type': 'application/json',
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as T };
  };
  const tokens = new Map<string, string>();
  const token = async (username: string) => {
    const known = tokens.get(username);
    if (known) return known;
    const res = await call<LoginResponse>('/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
    tokens.set(username, res.body.accessToken);
    return res.body.accessToken;
  };
  return {
    call,
    token,
    async agreement(): Promise<AgreementView> {
      return (await call<AgreementView[]>('/api/agreements', { token: await token('monitor') })).body[0]!;
    },
    async partyId(name: string): Promise<string> {
      const party = (await this.agreement()).parties.find((p) => p.name.startsWith(name));
      if (!party) throw new Error(`no party ${name}`);
      return party.id;
    },
    /** Files a report as `username` (the monitor by default) and returns the stored view. */
    async file(overrides: Partial<IncidentInput> = {}, username = 'monitor'): Promise<IncidentView> {
      const agreement = await this.agreement();
      const res = await call<IncidentView>('/api/incidents', {
        method: 'POST',
        token: await token(username),
        headers: { 'Idempotency-Key': randomUUID() },
        body: JSON.stringify(aReport(agreement.id, overrides)),
      });
      if (res.status !== 201) throw new Error(`filing: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async incident(id: string, username = 'reviewer'): Promise<IncidentView> {
      return (await call<IncidentView>(`/api/incidents/${id}`, { token: await token(username) })).body;
    },
  };
}

/** Signs in through the form and waits for the user's start screen. */
export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('screen-title').waitFor({ timeout: 15_000 });
}

/** Moves to a screen the way a user does (a link), without a reload. */
export async function openScreen(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

/** Waits until a form control holds `value` (the form may fill it a moment after it appears). */
export async function waitForValue(control: Locator, value: string, timeout = 5_000): Promise<void> {
  await control.waitFor({ timeout });
  const handle = await control.elementHandle();
  await control.page().waitForFunction(
    ([el, expected]) => (el as HTMLInputElement | HTMLTextAreaElement).value === expected,
    [handle, value] as const,
    { timeout },
  );
}
