import { useId, type ReactNode } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  EVENT_TYPE_LABELS,
  GUARANTOR_ORDER,
  type DailyPoint,
  type DisputedReading,
  type GuarantorCode,
  type StatsSummary,
} from '@truce-monitor/domain';

/**
 * The analysis charts. Colour is never alone: every series has its own fill
 * pattern and its name in the legend, bars carry their value as a label, and
 * each chart has its figures as a table underneath.
 */

const SERIES: Record<GuarantorCode | 'none', { colour: string; label: string }> = {
  RU: { colour: '#1d4ed8', label: 'Russia' },
  TR: { colour: '#b91c1c', label: 'Turkey' },
  IR: { colour: '#047857', label: 'Iran' },
  none: { colour: '#4b5563', label: 'No guarantor' },
};
const SHAPES = ['diagonal', 'dots', 'horizontal', 'cross'] as const;
const LEVELS = { low: '#93c5fd', best: '#1d4ed8', high: '#1e3a8a' } as const;

/** One SVG of pattern definitions the charts refer to by id (`url(#…)` works across SVGs of one page). */
export function ChartPatterns({ prefix }: { prefix: string }) {
  const fills: [string, string, (typeof SHAPES)[number]][] = [
    ...(['RU', 'TR', 'IR', 'none'] as const).map((k, i): [string, string, (typeof SHAPES)[number]] => [k, SERIES[k].colour, SHAPES[i]!]),
    ['low', LEVELS.low, 'dots'],
    ['best', LEVELS.best, 'diagonal'],
    ['high', LEVELS.high, 'horizontal'],
    ['bar', '#1d4ed8', 'diagonal'],
    ['bar-alt', '#6b7280', 'dots'],
  ];
  return (
    <svg width="0" height="0" aria-hidden="true" focusable="false" style={{ position: 'absolute' }}>
      <defs>
        {fills.map(([key, colour, shape]) => (
          <pattern key={key} id={`${prefix}-${key}`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform={shape === 'diagonal' ? 'rotate(45)' : undefined}>
            <rect width="6" height="6" fill={colour} />
            {shape === 'diagonal' && <line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" strokeWidth="1.5" />}
            {shape === 'horizontal' && <line x1="0" y1="3" x2="6" y2="3" stroke="#ffffff" strokeWidth="1.5" />}
            {shape === 'dots' && <circle cx="3" cy="3" r="1.2" fill="#ffffff" />}
            {shape === 'cross' && <path d="M0 0L6 6M6 0L0 6" stroke="#ffffff" strokeWidth="1" />}
          </pattern>
        ))}
      </defs>
    </svg>
  );
}

export const fillOf = (prefix: string, key: string) => `url(#${prefix}-${key})`;

function ChartFigure({ title, caption, testId, table, children }: { title: string; caption: ReactNode; testId: string; table: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <figure className="analysis-chart panel" data-testid={testId} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="analysis-chart__title">
        {title}
      </h3>
      <p className="analysis-chart__caption">{caption}</p>
      <div className="analysis-chart__plot">{children}</div>
      <details className="analysis-chart__table">
        <summary>{title}: the figures as a table</summary>
        {table}
      </details>
    </figure>
  );
}

const READING_NAMES: Record<DisputedReading, string> = { withoutDisputed: 'violations', withDisputed: 'violations and disputed exclusions' };

/** Violations per Damascus day, stacked by responsible guarantor, with the day the truce took effect marked. */
export function DailyChart({ days, reading, truceDay, patterns }: { days: readonly DailyPoint[]; reading: DisputedReading; truceDay: string; patterns: string }) {
  const data = days.map((d) => {
    const row: Record<string, number | string> = { day: d.day };
    let attributed = 0;
    for (const g of GUARANTOR_ORDER) {
      const n = d.byGuarantor[g]?.[reading] ?? 0;
      row[g] = n;
      attributed += n;
    }
    row['none'] = Math.max(0, d.violations[reading] - attributed);
    row['total'] = d.violations[reading];
    return row;
  });
  const hasNone = data.some((r) => (r['none'] as number) > 0);
  const keys = [...GUARANTOR_ORDER, ...(hasNone ? (['none'] as const) : [])];
  const withTruce = days.some((d) => d.day === truceDay);
  const total = days.reduce((n, d) => n + d.violations[reading], 0);
  const manyDays = data.length > 120;
  const series = keys.map((k) =>
    manyDays ? (
      <Area key={k} dataKey={k} name={SERIES[k].label} stackId="g" type="stepAfter" stroke={SERIES[k].colour} fill={fillOf(patterns, k)} isAnimationActive={false} />
    ) : (
      <Bar key={k} dataKey={k} name={SERIES[k].label} stackId="g" fill={fillOf(patterns, k)} stroke={SERIES[k].colour} isAnimationActive={false} />
    ),
  );
  const axes = [
    <CartesianGrid key="grid" strokeDasharray="3 3" vertical={false} />,
    <XAxis key="x" dataKey="day" minTickGap={24} tick={{ fontSize: 11 }} />,
    <YAxis key="y" allowDecimals={false} width={36} tick={{ fontSize: 11 }} />,
    <Tooltip key="tip" />,
    <Legend key="legend" />,
    withTruce ? (
      <ReferenceLine
        key="truce"
        x={truceDay}
        stroke="#16191d"
        strokeDasharray="4 2"
        strokeWidth={2}
        label={{ value: `Truce in force ${truceDay} 00:00 Damascus`, position: 'insideTopLeft', fontSize: 11, fill: '#16191d' }}
      />
    ) : null,
  ];
  const nonZero = days.filter((d) => d.violations.withDisputed > 0 || d.violations.withoutDisputed > 0);
  return (
    <ChartFigure
      title={`${READING_NAMES[reading][0]!.toUpperCase()}${READING_NAMES[reading].slice(1)} per day, by responsible guarantor`}
      testId="chart-daily"
      caption={
        <>
          {total} {READING_NAMES[reading]} over {days.length} Damascus days ({days[0]?.day ?? '–'} to {days.at(-1)?.day ?? '–'}).{' '}
          {withTruce ? `The dashed line marks ${truceDay}, the first day of the truce.` : `The truce took effect on ${truceDay}, outside this range.`}
        </>
      }
      table={
        <table className="data-table">
          <caption>Days with at least one violation or disputed exclusion; other days had none.</caption>
          <thead>
            <tr>
              <th scope="col">Day (Damascus)</th>
              <th scope="col">Reports</th>
              <th scope="col">Violations</th>
              <th scope="col">With disputed</th>
              {GUARANTOR_ORDER.map((g) => (
                <th key={g} scope="col">
                  {SERIES[g].label} ({READING_NAMES[reading]})
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {nonZero.map((d) => (
              <tr key={d.day}>
                <th scope="row">
                  {d.day}
                  {d.day === truceDay ? ' (truce starts)' : ''}
                </th>
                <td>{d.reports}</td>
                <td>{d.violations.withoutDisputed}</td>
                <td>{d.violations.withDisputed}</td>
                {GUARANTOR_ORDER.map((g) => (
                  <td key={g}>{d.byGuarantor[g]?.[reading] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height={280}>
        {manyDays ? (
          <AreaChart data={data} margin={{ top: 24, right: 16, bottom: 0, left: 0 }}>
            {axes}
            {series}
          </AreaChart>
        ) : (
          <BarChart data={data} margin={{ top: 24, right: 16, bottom: 0, left: 0 }}>
            {axes}
            {series}
          </BarChart>
        )}
      </ResponsiveContainer>
    </ChartFigure>
  );
}

interface Line {
  key: string;
  label: string;
  withoutDisputed: number;
  withDisputed: number;
}

/** One breakdown (per guarantor, governorate, event type): horizontal bars, each labelled with its count. */
export function BreakdownChart({ title, lines, reading, testId, patterns, what }: { title: string; lines: Line[]; reading: DisputedReading; testId: string; patterns: string; what: string }) {
  const data = [...lines].sort((a, b) => b[reading] - a[reading] || a.label.localeCompare(b.label)).map((l) => ({ label: l.label, value: l[reading] }));
  const height = Math.max(80, data.length * 28 + 40);
  return (
    <ChartFigure
      title={title}
      testId={testId}
      caption={data.length ? `${READING_NAMES[reading][0]!.toUpperCase()}${READING_NAMES[reading].slice(1)} per ${what}.` : `No ${READING_NAMES[reading]} in this filter.`}
      table={
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{what[0]!.toUpperCase() + what.slice(1)}</th>
              <th scope="col">Violations</th>
              <th scope="col">With disputed exclusions</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.key}>
                <th scope="row">{l.label}</th>
                <td>{l.withoutDisputed}</td>
                <td>{l.withDisputed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {data.length > 0 && (
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 40, bottom: 4, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
            <YAxis type="category" dataKey="label" width={150} tick={{ fontSize: 11 }} />
            <Tooltip />
            <Bar dataKey="value" name={READING_NAMES[reading]} fill={fillOf(patterns, 'bar')} stroke="#1d4ed8" isAnimationActive={false}>
              <LabelList dataKey="value" position="right" fontSize={11} fill="#16191d" />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartFigure>
  );
}

export function breakdowns(summary: StatsSummary) {
  const pair = <T,>(pick: (f: StatsSummary['violations']['withDisputed']) => T[], key: (t: T) => string, label: (t: T) => string, count: (t: T) => number): Line[] => {
    const byKey = new Map<string, Line>();
    for (const reading of ['withoutDisputed', 'withDisputed'] as const) {
      for (const t of pick(summary.violations[reading])) {
        const k = key(t);
        const line = byKey.get(k) ?? { key: k, label: label(t), withoutDisputed: 0, withDisputed: 0 };
        line[reading] = count(t);
        byKey.set(k, line);
      }
    }
    return [...byKey.values()];
  };
  return {
    guarantors: pair((f) => f.byGuarantor, (t) => t.guarantor, (t) => SERIES[t.guarantor].label, (t) => t.violations),
    governorates: pair((f) => f.byGovernorate, (t) => t.governorate, (t) => t.name, (t) => t.violations),
    eventTypes: pair((f) => f.byEventType, (t) => t.eventType, (t) => EVENT_TYPE_LABELS[t.eventType], (t) => t.violations),
  };
}

const CASUALTY_ROWS = [
  ['killed', 'Killed'],
  ['injured', 'Injured'],
  ['civiliansKilled', 'Civilians killed'],
  ['civiliansInjured', 'Civilians injured'],
  ['combatantsKilled', 'Combatants killed'],
  ['combatantsInjured', 'Combatants injured'],
] as const;

/** Casualties of the counted violations: low, best and high estimates side by side. */
export function CasualtiesChart({ summary, reading, patterns }: { summary: StatsSummary; reading: DisputedReading; patterns: string }) {
  const c = summary.violations[reading].casualties;
  const data = CASUALTY_ROWS.map(([key, label]) => ({ label, ...c[key] }));
  return (
    <ChartFigure
      title="Casualties (low, best and high estimates)"
      testId="chart-casualties"
      caption={`In the ${READING_NAMES[reading]} counted: ${c.killed.best} killed (${c.killed.low}–${c.killed.high}), ${c.injured.best} injured (${c.injured.low}–${c.injured.high}), best estimates with their range.`}
      table={
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Casualties</th>
              {(['withoutDisputed', 'withDisputed'] as const).flatMap((r) =>
                (['low', 'best', 'high'] as const).map((lvl) => (
                  <th key={`${r}-${lvl}`} scope="col">
                    {lvl} ({r === 'withDisputed' ? 'with disputed' : 'violations'})
                  </th>
                )),
              )}
            </tr>
          </thead>
          <tbody>
            {CASUALTY_ROWS.map(([key, label]) => (
              <tr key={key}>
                <th scope="row">{label}</th>
                {(['withoutDisputed', 'withDisputed'] as const).flatMap((r) =>
                  (['low', 'best', 'high'] as const).map((lvl) => <td key={`${r}-${lvl}`}>{summary.violations[r].casualties[key][lvl]}</td>),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height={380}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 40, bottom: 4, left: 8 }} barGap={1}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
          <YAxis type="category" dataKey="label" width={130} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend />
          {(['low', 'best', 'high'] as const).map((lvl) => (
            <Bar key={lvl} dataKey={lvl} name={`${lvl} estimate`} fill={fillOf(patterns, lvl)} stroke={LEVELS[lvl]} isAnimationActive={false}>
              <LabelList dataKey={lvl} position="right" fontSize={10} fill="#16191d" />
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
