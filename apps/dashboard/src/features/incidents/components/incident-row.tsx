import { memo } from 'react';
import { EVENT_TYPE_LABELS, governorateName, type AgreementView, type IncidentView } from '@truce-monitor/domain';
import { DamascusTime } from '../../../components/damascus-time';
import { paths } from '../../../config/paths';
import { Link } from '../../../lib/router';
import { perpetratorLabel, targetLabel, type ExclusionStanding, type PartyDirectory } from '../labels';
import { OutcomeBadge } from './outcome-badge';
import { VerificationBadge } from './verification-badge';

interface IncidentRowProps {
  incident: IncidentView;
  parties: PartyDirectory;
  guarantors: AgreementView['guarantors'];
  /** Arrived live after the feed was first shown: highlighted briefly. */
  arrived: boolean;
}

/** One report in the feed; re-rendered only when that report (or its highlight) changes. */
export const IncidentRow = memo(function IncidentRow({ incident, parties, guarantors, arrived }: IncidentRowProps) {
  const perpetrator = perpetratorLabel(incident, parties);
  const target = targetLabel(incident, parties);
  const targetExclusion = 'partyId' in incident.target ? parties.exclusion(incident.target.partyId) : null;

  return (
    <tr
      className={arrived ? 'incident-row incident-row--arrived' : 'incident-row'}
      data-testid="incident-row"
      data-incident-id={incident.id}
      data-arrived={arrived || undefined}
    >
      <td className="cell-time">
        <DamascusTime iso={incident.reportedAt} />
      </td>
      <td className="cell-time">
        <DamascusTime iso={incident.occurredAt} />
      </td>
      <td>
        <span className="cell-primary">{governorateName(incident.governorate)}</span>
        {incident.placeName && <span className="cell-secondary">{incident.placeName}</span>}
      </td>
      <td>
        <Link to={paths.report(incident.id)} className="row-link">
          {EVENT_TYPE_LABELS[incident.eventType] ?? incident.eventType}
        </Link>
      </td>
      <td className="cell-parties">
        <span className={incident.perpetratorPartyId === null ? 'muted' : undefined}>{perpetrator}</span>
        <span className="arrow" aria-hidden="true">
          {' → '}
        </span>
        <span className="visually-hidden"> against </span>
        <span>{target}</span>
        {targetExclusion && <ExclusionTag standing={targetExclusion} />}
      </td>
      <td>
        <OutcomeBadge outcome={incident.classification.outcome} reasons={incident.classification.reasons} />
      </td>
      <td className="cell-guarantor">
        <GuarantorCell code={incident.responsibleGuarantor} guarantors={guarantors} />
      </td>
      <td>
        <VerificationBadge state={incident.verification} />
      </td>
    </tr>
  );
});

function ExclusionTag({ standing }: { standing: ExclusionStanding }) {
  return standing === 'agreed' ? (
    <span className="tag" title="Excluded from the truce, agreed by every guarantor">
      excluded
    </span>
  ) : (
    <span className="tag tag--disputed" title="Designated as excluded by one guarantor, disputed by another">
      exclusion disputed
    </span>
  );
}

export function GuarantorCell({ code, guarantors }: { code: string | null; guarantors: AgreementView['guarantors'] }) {
  if (code === null) {
    return (
      <span className="muted" title="No guarantor answers for this perpetrator">
        none
      </span>
    );
  }
  const guarantor = guarantors.find((g) => g.code === code);
  return (
    <span data-guarantor={code} title={guarantor ? `${guarantor.name} answers for ${guarantor.answersFor}` : undefined}>
      <span className="guarantor-code">{code}</span> {guarantor?.name}
    </span>
  );
}
