import type { IncidentView } from '@truce-monitor/domain';
import type { IncidentEntity } from './incident.entity.js';

const range = (r: { low: number; best: number; high: number }) => ({ low: r.low, best: r.best, high: r.high });

/** A stored report as the API shows it. The filer's identity is added only for roles allowed to see it. */
export function toIncidentView(row: IncidentEntity, filer?: { id: string; username: string }): IncidentView {
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
    classification: { outcome: row.outcome, reasons: row.reasons },
    responsibleGuarantor: row.responsibleGuarantor,
    acknowledgeBy: row.acknowledgeBy?.toISOString() ?? null,
    ...(filer ? { filedBy: filer } : {}),
  };
}
