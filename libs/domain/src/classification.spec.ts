import fc from 'fast-check';
import { classifyIncident, type ClassifiableReport, UnknownPartyError } from './classification.js';
import type { AgreementRules, ExclusionRules, PartyRules } from './truce-model.js';
import { OUTCOMES } from './vocabulary.js';

const START = '2016-12-29T22:00:00.000Z';
const party = (id: string, over: Partial<PartyRules> = {}): PartyRules => ({
  id,
  name: id,
  bloc: 'opposition',
  guarantor: 'TR',
  signatoryHistory: [{ status: 'signed', from: START }],
  ...over,
});
const exclusion = (partyId: string, over: Partial<ExclusionRules> = {}): ExclusionRules => ({
  id: `ex-${partyId}`,
  partyId,
  kind: 'core',
  designatedBy: null,
  basis: 'named in the agreement',
  from: START,
  until: null,
  positions: [],
  ...over,
});

const rules: AgreementRules = {
  id: 'truce',
  effectiveFrom: START,
  effectiveUntil: '2017-06-01T00:00:00.000Z',
  scope: { kind: 'nationwide' },
  acknowledgementDeadlineMinutes: 120,
  guarantors: ['RU', 'TR', 'IR'],
  parties: [
    party('government', { bloc: 'government', guarantor: 'RU' }),
    party('hezbollah', { bloc: 'pro_government', guarantor: 'IR', signatoryHistory: [{ status: 'unknown', from: START }] }),
    party('faylaq', {}),
    party('late-signer', {
      signatoryHistory: [
        { status: 'not_signed', from: START },
        { status: 'signed', from: '2017-01-05T00:00:00.000Z' },
      ],
    }),
    party('islamic-state', { bloc: 'jihadist', guarantor: null, signatoryHistory: [] }),
    party('jund', { bloc: 'jihadist', guarantor: null, signatoryHistory: [] }),
    party('ahrar', {}),
    party('sdf', { bloc: 'other', guarantor: null, signatoryHistory: [{ status: 'not_signed', from: START }] }),
  ],
  exclusions: [
    exclusion('islamic-state'),
    exclusion('jund', {
      kind: 'linked',
      designatedBy: 'RU',
      positions: [
        { guarantor: 'TR', position: 'accepts', at: START },
        { guarantor: 'IR', position: 'accepts', at: START },
      ],
    }),
    exclusion('ahrar', {
      kind: 'linked',
      designatedBy: 'RU',
      positions: [
        { guarantor: 'TR', position: 'disputes', at: START },
        { guarantor: 'IR', position: 'accepts', at: START },
      ],
    }),
  ],
};

const report = (over: Partial<ClassifiableReport> = {}): ClassifiableReport => ({
  occurredAt: '2017-01-02T09:30:00.000Z',
  governorate: 'SY-RD',
  perpetratorPartyId: 'government',
  target: { civilians: true },
  ...over,
});

describe('classifyIncident: one case per outcome', () => {
  it.each([
    ['violation', report(), 'violation', 'RU'],
    ['violation by an opposition signatory', report({ perpetratorPartyId: 'faylaq', target: { partyId: 'government' } }), 'violation', 'TR'],
    ['violation by an allied militia of unknown status', report({ perpetratorPartyId: 'hezbollah' }), 'violation', 'IR'],
    ['agreed exclusion of the target', report({ target: { partyId: 'islamic-state' } }), 'permitted_excluded_target', null],
    ['agreed linked designation of the target', report({ target: { partyId: 'jund' } }), 'permitted_excluded_target', null],
    ['disputed designation of the target', report({ target: { partyId: 'ahrar' } }), 'disputed_exclusion', 'RU'],
    ['disputed designation of the perpetrator', report({ perpetratorPartyId: 'ahrar' }), 'disputed_exclusion', 'TR'],
    ['excluded perpetrator', report({ perpetratorPartyId: 'islamic-state' }), 'excluded_perpetrator', null],
    ['forces outside the agreement', report({ perpetratorPartyId: 'sdf' }), 'non_party', null],
    ['a party that had not signed yet', report({ perpetratorPartyId: 'late-signer', occurredAt: '2017-01-02T00:00:00Z' }), 'non_party', null],
    ['the same party after signing', report({ perpetratorPartyId: 'late-signer', occurredAt: '2017-01-06T00:00:00Z' }), 'violation', 'TR'],
    ['before the start', report({ occurredAt: '2016-12-29T21:59:59Z' }), 'outside_window', null],
    ['after the end', report({ occurredAt: '2017-06-01T00:00:00Z' }), 'outside_window', null],
    ['unknown perpetrator', report({ perpetratorPartyId: null }), 'undetermined', null],
  ] as const)('%s', (_name, input, outcome, guarantor) => {
    const result = classifyIncident(input, rules);
    expect(result.outcome).toBe(outcome);
    expect(result.responsibleGuarantor).toBe(guarantor);
    expect(result.reasons.length).toBeGreaterThan(0);
    for (const reason of result.reasons) expect(reason).toMatch(/\w+/);
  });

  it('outside_scope when the agreement covers only some governorates', () => {
    const local: AgreementRules = { ...rules, scope: { kind: 'governorates', governorates: ['SY-DR', 'SY-QU'] } };
    expect(classifyIncident(report({ governorate: 'SY-RD' }), local).outcome).toBe('outside_scope');
    expect(classifyIncident(report({ governorate: 'SY-DR' }), local).outcome).toBe('violation');
  });

  it('uses the registry as it stood when the event happened, not as it stands now', () => {
    const designatedLater: AgreementRules = {
      ...rules,
      exclusions: [exclusion('faylaq', { from: '2017-02-01T00:00:00Z' })],
    };
    expect(classifyIncident(report({ target: { partyId: 'faylaq' } }), designatedLater).outcome).toBe('violation');
    expect(
      classifyIncident(report({ target: { partyId: 'faylaq' }, occurredAt: '2017-02-02T00:00:00Z' }), designatedLater).outcome,
    ).toBe('permitted_excluded_target');
  });

  it('treats a designation that a guarantor has not yet answered as disputed, never as agreed', () => {
    const pending: AgreementRules = {
      ...rules,
      exclusions: [exclusion('faylaq', { kind: 'linked', designatedBy: 'RU', positions: [{ guarantor: 'TR', position: 'accepts', at: START }] })],
    };
    const result = classifyIncident(report({ target: { partyId: 'faylaq' } }), pending);
    expect(result.outcome).toBe('disputed_exclusion');
    expect(result.reasons.join(' ')).toMatch(/not yet accepted by IR/);
  });

  it('names the field of an unknown party', () => {
    expect(() => classifyIncident(report({ perpetratorPartyId: 'nobody' }), rules)).toThrow(UnknownPartyError);
    try {
      classifyIncident(report({ target: { partyId: 'nobody' } }), rules);
    } catch (error) {
      expect((error as UnknownPartyError).field).toBe('target.partyId');
    }
  });
});

describe('classifyIncident: properties', () => {
  const partyIds = rules.parties.map((p) => p.id);
  const instant = fc
    .date({ min: new Date('2016-06-01T00:00:00Z'), max: new Date('2017-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString());
  const arbitraryReport = fc.record({
    occurredAt: instant,
    governorate: fc.constantFrom('SY-RD', 'SY-DI', 'SY-ID', 'SY-HL'),
    perpetratorPartyId: fc.option(fc.constantFrom(...partyIds), { nil: null }),
    target: fc.oneof(
      fc.constant({ civilians: true as const }),
      fc.constantFrom(...partyIds).map((partyId) => ({ partyId })),
    ),
  });

  it('always answers one of the outcomes, with reasons', () => {
    fc.assert(
      fc.property(arbitraryReport, (r) => {
        const result = classifyIncident(r, rules);
        expect(OUTCOMES).toContain(result.outcome);
        expect(result.reasons.length).toBeGreaterThan(0);
      }),
    );
  });

  it('never routes an unknown perpetrator', () => {
    fc.assert(
      fc.property(arbitraryReport, (r) => {
        expect(classifyIncident({ ...r, perpetratorPartyId: null }, rules).responsibleGuarantor).toBeNull();
      }),
    );
  });

  it('a target whose exclusion is agreed is never a violation', () => {
    fc.assert(
      fc.property(arbitraryReport, fc.constantFrom('islamic-state', 'jund'), (r, target) => {
        expect(classifyIncident({ ...r, target: { partyId: target } }, rules).outcome).not.toBe('violation');
      }),
    );
  });

  it('a disputed target is always disputed_exclusion when a covered party acts inside the window', () => {
    fc.assert(
      fc.property(arbitraryReport, fc.constantFrom('government', 'faylaq'), (r, perpetrator) => {
        fc.pre(r.occurredAt >= START && r.occurredAt < rules.effectiveUntil!);
        const result = classifyIncident({ ...r, perpetratorPartyId: perpetrator, target: { partyId: 'ahrar' } }, rules);
        expect(result.outcome).toBe('disputed_exclusion');
      }),
    );
  });

  it('routes to a guarantor exactly when the outcome is violation or disputed_exclusion, and to the perpetrator\'s guarantor', () => {
    fc.assert(
      fc.property(arbitraryReport, (r) => {
        const result = classifyIncident(r, rules);
        const routed = result.outcome === 'violation' || result.outcome === 'disputed_exclusion';
        expect(result.responsibleGuarantor !== null).toBe(routed);
        if (routed) expect(result.responsibleGuarantor).toBe(rules.parties.find((p) => p.id === r.perpetratorPartyId)!.guarantor);
      }),
    );
  });

  it('nothing before the start is ever a violation', () => {
    fc.assert(
      fc.property(arbitraryReport, (r) => {
        fc.pre(r.occurredAt < START);
        expect(classifyIncident(r, rules).outcome).toBe('outside_window');
      }),
    );
  });
});
