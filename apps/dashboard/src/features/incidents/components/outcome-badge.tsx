import { OUTCOME_LABELS, type Outcome } from '@truce-monitor/domain';

/** The classification outcome in words and colour; the reasons are one hover away. */
export function OutcomeBadge({ outcome, reasons }: { outcome: Outcome; reasons: readonly string[] }) {
  return (
    <span
      className={`badge badge--outcome badge--${outcome}`}
      data-outcome={outcome}
      title={reasons.length ? reasons.join('\n') : undefined}
    >
      {OUTCOME_LABELS[outcome] ?? outcome}
    </span>
  );
}
