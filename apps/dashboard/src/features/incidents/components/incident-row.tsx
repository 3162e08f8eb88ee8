import { memo } from 'react';
import { EVENT_TYPE_LABELS, governorateName, type AgreementView, type IncidentView } from '@truce-monitor/domain';
import { DamascusTime } from '../../../components/damascus-time';
import { paths } from '../../../config/paths';
import { Link } from '../../../lib/router';
import { perpetratorLabel, targetLabel, type ExclusionStanding, type PartyDirectory } from '../labels';
import { OutcomeBadge } from './outcome-badge';
import { VerificationBadge } from './verification-badge';

/** The feed's columns, in order; `data-col` on each cell is the index here. */
export const FEED_COLUMNS = [
  { key: 'reported', label: 'Reported' },
  { key: 'occurred', label: 'Occurred' },
  { key: 'governorate', label: 'Governorate' },
  { key: 'event', label: 'Event' },
  { key: 'parties', label: 'Perpetrator → target' },
  { key: 'classification', label: 'Classification' },
  { key: 'guarantor', label: 'Guarantor' },
  { key: 'verification', label: 'Verification' },
] as const;

interface IncidentRowProps {
  incident: IncidentView;
  parties: PartyDirectory;
  guarantors: AgreementView['guarantors'];
  /** Arrived live after the feed was first shown: highlighted briefly. */
  arrived: boolean;
  /** The row's place in the whole grid, header included (`aria-rowindex`). */
  rowIndex: number;
  /** The column whose cell is the grid's tab stop, if it is in this row. */
  tabCol: number | null;
}

/** One report in the feed (a row of the grid); re-rendered only when that report, its highlight or the tab stop changes. */
export const IncidentRow = memo(function IncidentRow({ incident, parties, guarantors, arrived, rowIndex, tabCol }: IncidentRowProps) {
  const perpetrator = perpetratorLabel(incident, parties);
  const target = targetLabel(incident, parties);
  const targetExclusion = 'partyId' in incident.target ? parties.exclusion(incident.target.partyId) : null;
  const where = incident.placeName ? `${governorateName(incident.governorate)}, ${incident.placeName}` : governorateName(incident.governorate);
  const cell = (col: number) => ({ 'data-col': col, tabIndex: tabCol === col ? 0 : -1 });

  return (
    <tr
      className={arrived ? 'incident-row incident-row--arrived' : 'incident-row'}
      aria-rowindex={rowIndex}
      data-testid="incident-row"
      data-incident-id={incident.id}
      data-arrived={arrived || undefined}
    >
      <td className="cell-time" {...cell(0)}>
        <DamascusTime iso={incident.reportedAt} />
      </td>
      <td className="cell-time" {...cell(1)}>
        <DamascusTime iso={incident.occurredAt} />
      </td>
      <td title={where} {...cell(2)}>
        <span className="cell-primary">{governorateName(incident.governorate)}</span>
        {incident.placeName && <span className="cell-secondary">{incident.placeName}</span>}
      </td>
      <td {...cell(3)}>
        <Link to={paths.report(incident.id)} className="row-link" tabIndex={-1}>
          {EVENT_TYPE_LABELS[incident.eventType] ?? incident.eventType}
        </Link>
      </td>
      <td className="cell-parties" title={`${perpetrator} against ${target}`} {...cell(4)}>
        <span className={incident.perpetratorPartyId === null ? 'muted' : undefined}>{perpetrator}</span>
        <span className="arrow" aria-hidden="true">
          {' → '}
        </span>
        <span className="visually-hidden"> against </span>
        <span>{target}</span>
        {targetExclusion && <ExclusionTag standing={targetExclusion} />}
      </td>
      <td {...cell(5)}>
        <OutcomeBadge outcome={incident.classification.outcome} reasons={incident.classification.reasons} />
      </td>
      <td className="cell-guarantor" {...cell(6)}>
        <GuarantorCell code={incident.responsibleGuarantor} guarantors={guarantors} />
      </td>
      <td {...cell(7)}>
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
