import type { AgreementView } from '@truce-monitor/domain';

/** The watched agreement's name, for the top bar. */
export function AgreementTitle({ agreement }: { agreement: AgreementView | undefined }) {
  return (
    <span className="agreement-title" data-testid="agreement-name" title={agreement?.name}>
      {agreement ? agreement.name : 'Loading agreement…'}
    </span>
  );
}
