import { randomUUID } from 'node:crypto';
import type { AgreementView, IncidentInput } from '@truce-monitor/domain';
import type { TestApp } from './test-app.js';

/** The seeded agreement and its parties by name. */
export async function seededTruce(t: TestApp, token: string) {
  const res = await t.http.get('/api/agreements').set('Authorization', `Bearer ${token}`);
  if (res.status !== 200) throw new Error(`agreements: ${res.status}`);
  const agreement = (res.body as AgreementView[])[0]!;
  const party = (name: string) => {
    const p = agreement.parties.find((x) => x.name === name);
    if (!p) throw new Error(`no party ${name}`);
    return p.id;
  };
  return { agreement, party };
}

/** A valid report, built fluently: override what the test is about. */
export function aReport(agreementId: string, overrides: Partial<IncidentInput> = {}): IncidentInput {
  return {
    agreementId,
    occurredAt: '2017-01-02T09:30:00Z',
    timePrecision: 1,
    location: { lat: 33.695, lon: 36.103 },
    geoPrecision: 1,
    governorate: 'SY-RD',
    placeName: 'Ain al-Fijah',
    eventType: 'shelling',
    perpetratorPartyId: null,
    target: { civilians: true },
    casualties: { killed: { low: 1, best: 2, high: 3 }, injured: { low: 0, best: 4, high: 6 }, civiliansKilled: 2 },
    sources: [{ kind: 'own_observation', note: 'heard and saw impacts from the ridge' }],
    description: 'Artillery fire on the spring facility.',
    ...overrides,
  };
}

export const newKey = () => randomUUID();
