import { incidentInputSchema, normaliseCasualties } from './incident.schema.js';
import { toFieldProblems } from './errors.js';

const valid = {
  agreementId: '3f1c7d3a-8a7e-4f59-9a53-0b0e1c1d2e3f',
  occurredAt: '2017-01-02T09:30:00Z',
  location: { lat: 33.695, lon: 36.103 },
  governorate: 'SY-RD',
  eventType: 'shelling',
  perpetratorPartyId: null,
  target: { civilians: true },
  sources: [{ kind: 'witness' }],
  description: 'Shelling.',
};

const problems = (input: unknown) => {
  const r = incidentInputSchema.safeParse(input);
  return r.success ? [] : toFieldProblems(r.error.issues);
};

describe('incidentInputSchema', () => {
  it('accepts the contract example and fills the precision defaults', () => {
    const r = incidentInputSchema.parse(valid);
    expect(r.timePrecision).toBe(1);
    expect(r.geoPrecision).toBe(1);
  });

  it.each([
    [{ ...valid, governorate: 'SY-XX' }, 'governorate'],
    [{ ...valid, eventType: 'riot' }, 'eventType'],
    [{ ...valid, location: { lat: 33.5, lon: 44.4 } }, 'location.lon'],
    [{ ...valid, sources: [] }, 'sources'],
    [{ ...valid, sources: [{ kind: 'witness', sha256: 'abc' }] }, 'sources.0.sha256'],
    [{ ...valid, casualties: { injured: { low: 1, best: 5, high: 4 } } }, 'casualties.injured.high'],
    [{ ...valid, casualties: { killed: -1 } }, 'casualties.killed'],
    [{ ...valid, timePrecision: 9 }, 'timePrecision'],
    [{ ...valid, occurredAt: '2017-01-02' }, 'occurredAt'],
    [{ ...valid, target: { partyId: 'x' } }, 'target.partyId'],
    [{ ...valid, obstruction: { kind: 'denial' } }, 'obstruction'],
    [{ ...valid, extra: 1 }, 'extra'],
  ])('names the offending field (%#)', (input, field) => {
    expect(problems(input).map((p) => p.field)).toContain(field);
  });

  it('normalises exact figures to ranges and missing ones to zero', () => {
    const c = normaliseCasualties({ killed: 3, injured: { low: 1, best: 2, high: 5 } });
    expect(c.killed).toEqual({ low: 3, best: 3, high: 3 });
    expect(c.injured).toEqual({ low: 1, best: 2, high: 5 });
    expect(c.civiliansKilled).toEqual({ low: 0, best: 0, high: 0 });
  });
});
