import type { IncidentView } from '@truce-monitor/domain';
import type { IncidentEntity } from './incident.entity.js';
import type { IncidentConfirmationEntity, IncidentResponseEntity, IncidentReviewEntity } from './incident-review.entities.js';

const range = (r: { low: number; best: number; high: number }) => ({ low: r.low, best: r.best, high: r.high });

/** What a report's view is made of: the row and its review, answers and confirmations. */
export interface IncidentRecord {
  row: IncidentEntity;
  reviews: IncidentReviewEntity[];
  responses: IncidentResponseEntity[];
  confirmations: IncidentConfirmationEntity[];
}

/**
 * A stored report as the API shows it. It names no person: not the filer
 * (added only for roles allowed to see it), not reviewers, not officers.
 */
export function toIncidentView({ row, reviews, responses, confirmations }: IncidentRecord, now = new Date()): IncidentView {
  return {
    id: row.id,
    agreementId: row.agreementId,
    occurredAt: row.occurredAt.toISOString(),
    timePrecision: row.timePrecision,
    reportedAt: row.reportedAt.toISOString(),
    location: { lat: row.lat, lon: row.lon },
    geoPrecision: row.geoPrecision,
    governorate: row.governorate,
    placeName: row.placeName,
    eventType: row.eventType,
    perpetratorPartyId: row.perpetratorPartyId,
    target: row.targetCivilians ? { civilians: true } : { partyId: row.targetPartyId! },
    casualties: {
      killed: range(row.killed),
      injured: range(row.injured),
      civiliansKilled: range(row.civiliansKilled),
      civiliansInjured: range(row.civiliansInjured),
      combatantsKilled: range(row.combatantsKilled),
      combatantsInjured: range(row.combatantsInjured),
    },
    sources: row.sources,
    description: row.description,
    obstruction: (row.obstruction as IncidentView['obstruction']) ?? null,
    verification: row.verification,
    duplicateOf: row.duplicateOf,
    classification: { outcome: row.outcome, reasons: row.reasons },
    responsibleGuarantor: row.responsibleGuarantor,
    acknowledgeBy: row.acknowledgeBy?.toISOString() ?? null,
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    overdue: row.acknowledgeBy !== null && row.acknowledgedAt === null && row.acknowledgeBy.getTime() < now.getTime(),
    responses: responses.map((r) => ({ guarantor: r.guarantor, response: r.response, reasons: r.reasons, at: r.at.toISOString() })),
    confirmations: confirmations.map((c) => ({
      guarantor: c.guarantor,
      confirmation: c.confirmation,
      note: c.note,
      at: c.at.toISOString(),
    })),
    reviewHistory: reviews.map((r) => ({
      at: r.at.toISOString(),
      from: r.fromState,
      to: r.toState,
      note: r.note,
      duplicateOf: r.duplicateOf,
    })),
  };
}
