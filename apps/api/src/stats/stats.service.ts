import { HttpStatus, Injectable } from '@nestjs/common';
import {
  type AgreementRules,
  type Bulletin,
  type BulletinQuery,
  type BulletinSection,
  type CasualtyTotals,
  type DailyPoint,
  type DailyQuery,
  type DailySeries,
  type DisputedReading,
  type EventType,
  type GuarantorCode,
  OUTCOMES,
  type Outcome,
  type ResolvedStatsFilter,
  type Responsiveness,
  type StatsFilter,
  type StatsSummary,
  type Twice,
  VIOLATION_OUTCOMES,
  type ViolationFigures,
  type ViolationTally,
  addDays,
  baselineDays,
  damascusDay,
  damascusInstant,
  dayCount,
  governorateName,
  maxDay,
  minDay,
  percentChange,
  resolveFilter,
  share,
  summarizeDelays,
  truceDays,
} from '@truce-monitor/domain';
import { ApiException, invalidInput } from '../common/api-error.js';
import { HotlineService } from '../hotline/hotline.service.js';
import { TruceService } from '../truce/truce.service.js';
import { type BreakdownRow, type DailyRow, type SqlFilter, StatsRepository } from './stats.repository.js';

const READINGS: DisputedReading[] = ['withoutDisputed', 'withDisputed'];
/** The longest daily series one CSV holds. */
export const MAX_DAILY_CSV_DAYS = 20_000;

export const BASELINE_DEFINITION =
  'Acts by covered parties — reports whose perpetrator is a party some guarantor answers for, whatever their outcome — ' +
  'in the truce days of the period ("after") against the same number of days ending the day before the truce took effect ("before"). ' +
  'Before the start every report is outside the window, so violations cannot be compared; the same acts by the same parties can. ' +
  'The filter applies except its time range and outcomes. changePercent = (after − before) / before × 100.';

export interface ResolvedFilter {
  resolved: ResolvedStatsFilter;
  rules: AgreementRules;
  sql: SqlFilter;
}

type RangeOf<P extends string> = Record<`${P}_${'low' | 'best' | 'high'}`, number>;
const range = <P extends string>(s: RangeOf<P>, prefix: P) => ({
  low: s[`${prefix}_low`],
  best: s[`${prefix}_best`],
  high: s[`${prefix}_high`],
});
const zeroRange = () => ({ low: 0, best: 0, high: 0 });
const addRange = (a: { low: number; best: number; high: number }, b: { low: number; best: number; high: number }) => {
  a.low += b.low;
  a.best += b.best;
  a.high += b.high;
};

/** Compliance statistics over the one filter; the arithmetic is libs/domain's. */
@Injectable()
export class StatsService {
  private readonly rulesCache = new Map<string, { version: number; rules: AgreementRules }>();

  constructor(
    private readonly repository: StatsRepository,
    private readonly truce: TruceService,
    private readonly hotline: HotlineService,
  ) {}

  /** The agreement (the latest when none is named) and the filter as it will be applied; parties must be the agreement's. */
  async resolve(filter: StatsFilter): Promise<ResolvedFilter> {
    const rules = await this.rulesOf(filter.agreementId ?? null);
    const unknown = (filter.parties ?? []).filter((id) => !rules.parties.some((p) => p.id === id.toLowerCase()));
    if (unknown.length) throw invalidInput([{ field: 'parties', problem: `not parties of this agreement: ${unknown.slice(0, 5).join(', ')}` }]);
    const resolved = resolveFilter({ ...filter, ...(filter.parties ? { parties: filter.parties.map((p) => p.toLowerCase()) } : {}) }, filter.agreementId ?? rules.id);
    return { resolved, rules, sql: resolved };
  }

  /**
   * An agreement's rules, reused while its registry version is unchanged:
   * one small query per request instead of loading the registry each time. A
   * change committed between reading the version and loading the registry
   * only makes the next request load it again.
   */
  private async rulesOf(agreementId: string | null): Promise<AgreementRules> {
    const current = await this.repository.agreementVersion(agreementId);
    if (!current) {
      if (agreementId) throw invalidInput([{ field: 'agreementId', problem: 'no such agreement' }]);
      throw new ApiException(HttpStatus.NOT_FOUND, 'There is no agreement to count for yet.');
    }
    const cached = this.rulesCache.get(current.id);
    if (cached?.version === current.version) return cached.rules;
    const rules = await this.truce.getRules(current.id);
    if (!rules) throw invalidInput([{ field: 'agreementId', problem: 'no such agreement' }]);
    this.rulesCache.set(current.id, { version: current.version, rules });
    return rules;
  }

  /** The days counted: the filter's range; an open end runs to the first day with data, or to the later of today and the last day with data. */
  private async period(r: ResolvedFilter, today = damascusDay(Date.now())): Promise<{ from: string; to: string; days: number }> {
    const data = r.resolved.from && r.resolved.to ? { first: null, last: null } : await this.repository.dataDays(r.sql);
    const to = r.resolved.to ?? maxDay(today, data.last ?? today);
    const from = r.resolved.from ?? minDay(data.first ?? to, to);
    const end = r.resolved.to ?? maxDay(to, from);
    return { from, to: end, days: dayCount(from, end) };
  }

  async summary(filter: StatsFilter, now = new Date()): Promise<StatsSummary> {
    const r = await this.resolve(filter);
    const { rules, sql } = r;
    const period = await this.period(r, damascusDay(now));
    const trucePeriod = truceDays(rules, period);
    const before = baselineDays(rules, trucePeriod);
    const [rows, violationDays, baseline, incidentClocks, hotlineClocks] = await Promise.all([
      this.repository.breakdowns(sql),
      trucePeriod ? this.repository.violationDays(sql, trucePeriod) : Promise.resolve([]),
      trucePeriod && before ? this.repository.baseline(sql, before, trucePeriod) : Promise.resolve(null),
      this.repository.responsiveness(sql, now),
      this.hotline.acknowledgementClocks(
        rules.id,
        r.resolved.from ? damascusInstant(r.resolved.from) : null,
        r.resolved.to ? damascusInstant(addDays(r.resolved.to, 1)) : null,
      ),
    ]);

    const byOutcome = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
    for (const row of rows) if (row.dimension === null) byOutcome[row.outcome] += row.reports;
    const truceDayCount = trucePeriod ? dayCount(trucePeriod.from, trucePeriod.to) : 0;

    const violations = twice((reading) => this.figures(rules, rows, reading, violationDays, truceDayCount));
    const responsiveness = twice((reading) =>
      rules.guarantors.map((g) => {
        const row = incidentClocks.find((c) => c.guarantor === g && c.withDisputed === (reading === 'withDisputed'));
        return row
          ? {
              guarantor: g,
              routed: row.routed,
              acknowledged: row.acknowledged,
              acknowledgedWithinDeadline: row.within,
              overdue: row.overdue,
              pending: row.pending,
              medianSeconds: row.median,
              p90Seconds: row.p90,
              withinDeadlineShare: share(row.within, row.routed - row.pending),
            }
          : summarizeDelays(g, [], now.getTime());
      }),
    );
    const hotline: Responsiveness[] = rules.guarantors.map((g) =>
      summarizeDelays(
        g,
        hotlineClocks
          .filter((c) => c.guarantor === g)
          .map((c) => ({ start: c.sentAt.getTime(), deadline: c.ackBy.getTime(), acknowledgedAt: c.acknowledgedAt?.getTime() ?? null })),
        now.getTime(),
      ),
    );

    return {
      filter: r.resolved,
      period,
      trucePeriod: trucePeriod ? { ...trucePeriod, days: truceDayCount } : null,
      reports: Object.values(byOutcome).reduce((a, b) => a + b, 0),
      byOutcome,
      violations,
      baseline: {
        definition: BASELINE_DEFINITION,
        before: before && baseline ? { ...before, days: dayCount(before.from, before.to), acts: baseline.beforeActs } : null,
        after:
          trucePeriod && baseline
            ? {
                ...trucePeriod,
                days: truceDayCount,
                acts: baseline.afterActs,
                violations: { withoutDisputed: baseline.afterStrict, withDisputed: baseline.afterWithDisputed },
              }
            : null,
        changePercent: baseline ? percentChange(baseline.beforeActs, baseline.afterActs) : null,
      },
      responsiveness: { incidents: responsiveness, hotline },
      generatedAt: now.toISOString(),
    };
  }

  private figures(
    rules: AgreementRules,
    rows: BreakdownRow[],
    reading: DisputedReading,
    violationDays: { guarantor: GuarantorCode; strict: number; withDisputed: number }[],
    truceDayCount: number,
  ): ViolationFigures {
    const counted = rows.filter((row) => VIOLATION_OUTCOMES[reading].includes(row.outcome));
    const tallies = (dimension: BreakdownRow['dimension']) => {
      const out = new Map<string | null, ViolationTally>();
      for (const row of counted.filter((x) => x.dimension === dimension)) {
        const t = out.get(row.key) ?? { violations: 0, killed: zeroRange(), injured: zeroRange() };
        t.violations += row.reports;
        addRange(t.killed, range(row, 'killed'));
        addRange(t.injured, range(row, 'injured'));
        out.set(row.key, t);
      }
      return out;
    };
    const ordered = <K extends string | null, T extends ViolationTally>(items: (T & { k: K })[]) =>
      items.sort((a, b) => b.violations - a.violations || String(a.k).localeCompare(String(b.k))).map(({ k: _k, ...rest }) => rest);

    const casualties: CasualtyTotals = {
      killed: zeroRange(),
      injured: zeroRange(),
      civiliansKilled: zeroRange(),
      civiliansInjured: zeroRange(),
      combatantsKilled: zeroRange(),
      combatantsInjured: zeroRange(),
    };
    let total = 0;
    for (const row of counted.filter((x) => x.dimension === null)) {
      total += row.reports;
      addRange(casualties.killed, range(row, 'killed'));
      addRange(casualties.injured, range(row, 'injured'));
      addRange(casualties.civiliansKilled, range(row, 'civilians_killed'));
      addRange(casualties.civiliansInjured, range(row, 'civilians_injured'));
      addRange(casualties.combatantsKilled, range(row, 'combatants_killed'));
      addRange(casualties.combatantsInjured, range(row, 'combatants_injured'));
    }
    const byGuarantor = tallies('guarantor');
    const partyName = (id: string | null) => (id === null ? 'Unknown' : (rules.parties.find((p) => p.id === id)?.name ?? id));
    return {
      total,
      casualties,
      byGuarantor: rules.guarantors.map((g) => ({ guarantor: g, ...(byGuarantor.get(g) ?? { violations: 0, killed: zeroRange(), injured: zeroRange() }) })),
      byParty: ordered([...tallies('party')].map(([k, t]) => ({ k, partyId: k, name: partyName(k), ...t }))),
      byGovernorate: ordered([...tallies('governorate')].map(([k, t]) => ({ k, governorate: k!, name: governorateName(k!), ...t }))),
      byEventType: ordered([...tallies('eventType')].map(([k, t]) => ({ k, eventType: k as EventType, ...t }))),
      cleanDays: rules.guarantors.map((g) => {
        const d = violationDays.find((v) => v.guarantor === g);
        const withViolations = d ? (reading === 'withDisputed' ? d.withDisputed : d.strict) : 0;
        return { guarantor: g, cleanDays: truceDayCount - withViolations, days: truceDayCount };
      }),
    };
  }

  async daily(query: DailyQuery, now = new Date()): Promise<DailySeries> {
    const r = await this.resolve(query);
    const period = await this.period(r, damascusDay(now));
    const start = query.after ? maxDay(addDays(query.after, 1), period.from) : period.from;
    if (start > period.to) return { filter: r.resolved, period, days: [], nextAfter: null };
    const end = minDay(period.to, addDays(start, query.limit - 1));
    const days = await this.points(r, { from: start, to: end });
    return { filter: r.resolved, period, days, nextAfter: end < period.to ? end : null };
  }

  /** The whole daily series, for its CSV. */
  async dailyAll(filter: StatsFilter, now = new Date()): Promise<{ filter: ResolvedStatsFilter; guarantors: readonly GuarantorCode[]; days: DailyPoint[] }> {
    const r = await this.resolve(filter);
    const period = await this.period(r, damascusDay(now));
    if (period.days > MAX_DAILY_CSV_DAYS)
      throw invalidInput([{ field: r.resolved.from ? 'to' : 'from', problem: `the series would hold ${period.days} days; at most ${MAX_DAILY_CSV_DAYS}: narrow the range` }]);
    return { filter: r.resolved, guarantors: r.rules.guarantors, days: await this.points(r, period) };
  }

  private async points(r: ResolvedFilter, span: { from: string; to: string }): Promise<DailyPoint[]> {
    const rows = await this.repository.daily(r.sql, span);
    const byDay = new Map<string, DailyRow[]>();
    for (const row of rows) byDay.set(row.day, [...(byDay.get(row.day) ?? []), row]);
    const points: DailyPoint[] = [];
    for (let day = span.from; day <= span.to; day = addDays(day, 1)) {
      const dayRows = byDay.get(day) ?? [];
      const point: DailyPoint = {
        day,
        reports: dayRows.reduce((a, x) => a + x.reports, 0),
        violations: { withoutDisputed: 0, withDisputed: 0 },
        byGuarantor: Object.fromEntries(r.rules.guarantors.map((g) => [g, { withoutDisputed: 0, withDisputed: 0 }])) as DailyPoint['byGuarantor'],
        killed: { withoutDisputed: zeroRange(), withDisputed: zeroRange() },
        injured: { withoutDisputed: zeroRange(), withDisputed: zeroRange() },
      };
      for (const row of dayRows) {
        for (const reading of READINGS) {
          if (!VIOLATION_OUTCOMES[reading].includes(row.outcome)) continue;
          point.violations[reading] += row.reports;
          if (row.guarantor) (point.byGuarantor[row.guarantor] ??= { withoutDisputed: 0, withDisputed: 0 })[reading] += row.reports;
          addRange(point.killed[reading], range(row, 'killed'));
          addRange(point.injured[reading], range(row, 'injured'));
        }
      }
      points.push(point);
    }
    return points;
  }

  async bulletin(query: BulletinQuery, now = new Date()): Promise<Bulletin> {
    const { date, format: _format, from: _from, to: _to, ...rest } = query;
    const r = await this.resolve(rest);
    const [rows, agreement] = await Promise.all([this.repository.bulletin(r.sql, date), this.truce.getAgreement(r.rules.id)]);
    const sections: BulletinSection[] = r.rules.guarantors.map((g) => {
      const mine = rows.filter((row) => row.responsible_guarantor === g);
      const others = r.rules.guarantors.filter((o) => o !== g);
      const governorates = [...new Set(mine.map((row) => row.governorate))].sort();
      const count = (items: typeof mine): Twice<number> => ({
        withoutDisputed: items.filter((x) => x.outcome === 'violation').length,
        withDisputed: items.length,
      });
      return {
        guarantor: g,
        guarantorName: agreement.guarantors.find((x) => x.code === g)?.name ?? g,
        violations: count(mine),
        byGovernorate: governorates.map((gov) => ({ governorate: gov, name: governorateName(gov), violations: count(mine.filter((x) => x.governorate === gov)) })),
        confirmations: others.map((o) => {
          const said = mine.map((x) => x.confirmations?.[o] ?? null);
          return {
            guarantor: o,
            confirmed: said.filter((s) => s === 'confirmed').length,
            cannotConfirm: said.filter((s) => s === 'cannot_confirm').length,
            disputed: said.filter((s) => s === 'disputed').length,
            none: said.filter((s) => s === null).length,
          };
        }),
        incidents: mine.map((x) => ({
          id: x.id,
          sourceId: x.source_id,
          occurredAt: x.occurred_at.toISOString(),
          governorate: x.governorate,
          placeName: x.place_name,
          eventType: x.event_type as EventType,
          perpetrator: x.perpetrator,
          outcome: x.outcome,
          killed: x.killed_best,
          injured: x.injured_best,
          answer: x.answer,
          confirmations: Object.fromEntries(others.map((o) => [o, x.confirmations?.[o] ?? null])),
        })),
      };
    });
    return { filter: { ...r.resolved, from: date, to: date, date }, agreementName: agreement.name, date, sections, generatedAt: now.toISOString() };
  }
}

function twice<T>(f: (reading: DisputedReading) => T): Twice<T> {
  return { withoutDisputed: f('withoutDisputed'), withDisputed: f('withDisputed') };
}

/** The bulletin as the joint commission published it: plain text, one section per guarantor. */
export function bulletinText(b: Bulletin): string {
  const lines = [`${b.agreementName}`, `Daily bulletin for ${b.date} (Damascus time)`, ''];
  for (const s of b.sections) {
    lines.push(
      `${s.guarantorName} (${s.guarantor}): ${s.violations.withoutDisputed} violation(s) by the parties it answers for` +
        (s.violations.withDisputed !== s.violations.withoutDisputed ? `; ${s.violations.withDisputed} counting disputed exclusions` : '') +
        '.',
    );
    for (const g of s.byGovernorate)
      lines.push(`  ${g.name}: ${g.violations.withoutDisputed}${g.violations.withDisputed !== g.violations.withoutDisputed ? ` (${g.violations.withDisputed} with disputed exclusions)` : ''}`);
    for (const c of s.confirmations)
      if (s.incidents.length)
        lines.push(`  ${c.guarantor}: confirmed ${c.confirmed}, cannot confirm ${c.cannotConfirm}, disputed ${c.disputed}, no answer ${c.none}.`);
    lines.push('');
  }
  return lines.join('\n');
}
