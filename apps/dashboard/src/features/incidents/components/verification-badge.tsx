import type { VerificationState } from '@truce-monitor/domain';
import { VERIFICATION_DESCRIPTIONS, VERIFICATION_LABELS } from '../labels';

export function VerificationBadge({ state }: { state: VerificationState }) {
  return (
    <span className={`verification verification--${state}`} data-verification={state} title={VERIFICATION_DESCRIPTIONS[state]}>
      {VERIFICATION_LABELS[state] ?? state}
    </span>
  );
}
