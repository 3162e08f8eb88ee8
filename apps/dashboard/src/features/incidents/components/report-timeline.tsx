import { useId, useMemo } from 'react';
import type { AgreementView, IncidentView } from '@truce-monitor/domain';
import { damascusDay, formatDamascusTime } from '../../../lib/time';
import { useElementWidth } from '../../../lib/use-element-width';

const HEIGHT = 96;
const AXIS = 18;
const TOP = 14;
const MAX_BARS = 60;
const DAY_MS = 86_400_000;

const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const dayLabel = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

interface Bin {
  start: number;
  days: number;
  violations: number;
  other: number;
}

/**
 * Reports per day of occurrence (the Damascus calendar day), violations
 * solid and the rest hatched, with the truce's start marked on the axis.
 * It counts the reports held on screen, not the whole record.
 */
export function ReportTimeline({ incidents, agreement }: { incidents: readonly IncidentView[]; agreement: AgreementView }) {
  const patternId = useId().replace(/:/g, '');
  const [frame, WIDTH] = useElementWidth<HTMLElement>(420);
  const truceDay = dayNumber(damascusDay(agreement.effectiveFrom));
  const bins = useMemo(() => binByDay(incidents, truceDay), [incidents, truceDay]);
  const first = bins[0]!.start;
  const last = bins.at(-1)!.start + bins.at(-1)!.days;
  const span = last - first;
  const x = (day: number) => ((day - first) / span) * WIDTH;
  const max = Math.max(1, ...bins.map((b) => b.violations + b.other));
  const y = (n: number) => ((HEIGHT - AXIS - TOP) * n) / max;
  const base = HEIGHT - AXIS;
  const violations = incidents.filter((i) => i.classification.outcome === 'violation').length;
  const summary = `${incidents.length} reports held, ${violations} violations, from ${dayLabel(first)} to ${dayLabel(last - 1)}; the truce took effect ${formatDamascusTime(agreement.effectiveFrom)} Damascus.`;

  return (
    <figure className="timeline" data-testid="report-timeline" ref={frame}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} role="img" aria-label={summary}>
        <defs>
          <pattern id={patternId} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="4" height="4" fill="#eef1f5" />
            <line x1="0" y1="0" x2="0" y2="4" stroke="#6b7684" strokeWidth="1.5" />
          </pattern>
        </defs>
        {bins.map((b) => {
          const bx = x(b.start) + 0.5;
          const bw = Math.max(1, x(b.start + b.days) - x(b.start) - 1);
          const hv = y(b.violations);
          const ho = y(b.other);
          return (
            <g key={b.start}>
              <title>{`${dayLabel(b.start)}${b.days > 1 ? ` to ${dayLabel(b.start + b.days - 1)}` : ''}: ${b.violations + b.other} reports, ${b.violations} violations`}</title>
              {b.violations > 0 && <rect x={bx} y={base - hv} width={bw} height={hv} className="timeline__violations" />}
              {b.other > 0 && <rect x={bx} y={base - hv - ho} width={bw} height={ho} fill={`url(#${patternId})`} />}
            </g>
          );
        })}
        <line x1="0" x2={WIDTH} y1={base} y2={base} className="timeline__axis" />
        <line x1={x(truceDay)} x2={x(truceDay)} y1={2} y2={base + 4} className="timeline__truce" data-testid="timeline-truce-start" />
        <text
          x={x(truceDay) > WIDTH * 0.7 ? x(truceDay) - 3 : x(truceDay) + 3}
          y={10}
          textAnchor={x(truceDay) > WIDTH * 0.7 ? 'end' : 'start'}
          className="timeline__truce-label"
        >
          truce {dayLabel(truceDay)}
        </text>
        <text x={0} y={HEIGHT - 4} className="timeline__tick">
          {dayLabel(first)}
        </text>
        <text x={WIDTH} y={HEIGHT - 4} className="timeline__tick" textAnchor="end">
          {dayLabel(last - 1)}
        </text>
      </svg>
      <figcaption className="muted">
        Reports by day they occurred (Damascus): <span className="timeline__key timeline__key--violations" aria-hidden="true" /> violations,{' '}
        <span className="timeline__key timeline__key--other" aria-hidden="true" /> other outcomes. The line marks the truce's start.
      </figcaption>
    </figure>
  );
}

function binByDay(incidents: readonly IncidentView[], truceDay: number): Bin[] {
  const days = incidents.map((i) => dayNumber(damascusDay(i.occurredAt)));
  // Always a week either side of the truce's start, so the line has context even with no reports.
  const first = Math.min(truceDay - 7, ...days);
  const last = Math.max(truceDay + 7, ...days);
  const width = Math.max(1, Math.ceil((last - first + 1) / MAX_BARS));
  const bins: Bin[] = [];
  for (let start = first; start <= last; start += width) bins.push({ start, days: width, violations: 0, other: 0 });
  incidents.forEach((incident, index) => {
    const bin = bins[Math.floor((days[index]! - first) / width)]!;
    if (incident.classification.outcome === 'violation') bin.violations += 1;
    else bin.other += 1;
  });
  return bins;
}
