import type { ReactNode } from 'react';
import type { AgreementView } from '@truce-monitor/domain';
import { DamascusTime } from '../../../components/damascus-time';
import { agreementFigures } from '../agreement-summary';

const numberFormat = new Intl.NumberFormat('en-GB');

/** The agreement at a glance: when it holds, who guarantees it, whom it covers and whom it excludes. */
export function AgreementHeader({ agreement }: { agreement: AgreementView }) {
  const figures = agreementFigures(agreement);
  const { signed, not_signed: notSigned, unknown } = figures.bySignatoryStatus;

  return (
    <section className="agreement-header" aria-label="Agreement" data-testid="agreement-header">
      <Fact label="In force">
        from <DamascusTime iso={agreement.effectiveFrom} /> Damascus
        {agreement.effectiveUntil ? (
          <>
            {' '}
            until <DamascusTime iso={agreement.effectiveUntil} />
          </>
        ) : null}
        {agreement.scope.kind === 'nationwide' ? ', nationwide' : `, ${agreement.scope.governorates.length} governorates`}
      </Fact>
      <Fact label="Guarantors">
        <ul className="inline-list">
          {agreement.guarantors.map((g) => (
            <li key={g.code} title={`${g.name} answers for ${g.answersFor}`}>
              <abbr className="guarantor-code" title={g.name}>
                {g.code}
              </abbr>{' '}
              {g.name}
            </li>
          ))}
        </ul>
      </Fact>
      <Fact label="Parties">
        <span data-testid="party-summary">
          {figures.partyCount} parties: {signed} signed, {notSigned} not signed, {unknown} unknown
          {figures.coveredFighters !== null && <> · {numberFormat.format(figures.coveredFighters)} fighters covered</>}
        </span>
      </Fact>
      <Fact label="Excluded">
        <span data-testid="exclusion-summary">
          {figures.excludedPartyCount} parties · {figures.agreedExclusions} agreed designations
          {figures.disputedExclusions > 0 && (
            <>
              {', '}
              <span className="badge badge--disputed">{figures.disputedExclusions} disputed</span>
            </>
          )}
        </span>
      </Fact>
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="agreement-header__fact">
      <span className="agreement-header__label">{label}</span>
      <span className="agreement-header__value">{children}</span>
    </div>
  );
}
