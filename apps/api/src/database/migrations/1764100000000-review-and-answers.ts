import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Review and answers: the verification history, the responsible guarantor's
 * answers, the other guarantors' cross-confirmations, and on the report the
 * derived facts the queues and statistics read (first acknowledgement, the
 * report it duplicates, when it was announced overdue).
 */
export class ReviewAndAnswers1764100000000 implements MigrationInterface {
  name = 'ReviewAndAnswers1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE incidents
        ADD COLUMN duplicate_of uuid REFERENCES incidents(id),
        ADD COLUMN acknowledged_at timestamptz,
        ADD COLUMN overdue_announced_at timestamptz,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD CONSTRAINT incidents_duplicate_has_original CHECK ((verification = 'duplicate') = (duplicate_of IS NOT NULL)),
        ADD CONSTRAINT incidents_not_own_duplicate CHECK (duplicate_of IS DISTINCT FROM id);
      CREATE INDEX incidents_overdue_idx ON incidents (acknowledge_by)
        WHERE acknowledged_at IS NULL AND overdue_announced_at IS NULL AND responsible_guarantor IS NOT NULL;

      CREATE TABLE incident_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents(id),
        from_state text NOT NULL,
        to_state text NOT NULL CHECK (to_state IN ('reported','corroborated','verified','rejected','duplicate')),
        duplicate_of uuid REFERENCES incidents(id),
        note text,
        reviewer_id uuid NOT NULL REFERENCES users(id),
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX incident_reviews_incident_idx ON incident_reviews (incident_id, at);

      CREATE TABLE incident_responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents(id),
        guarantor text NOT NULL CHECK (guarantor IN ('RU','TR','IR')),
        response text NOT NULL CHECK (response IN ('acknowledged','investigating','disputed','remedied')),
        reasons text,
        officer_id uuid NOT NULL REFERENCES users(id),
        at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT incident_responses_dispute_has_reasons CHECK (response <> 'disputed' OR reasons IS NOT NULL)
      );
      CREATE INDEX incident_responses_incident_idx ON incident_responses (incident_id, at);

      CREATE TABLE incident_confirmations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents(id),
        guarantor text NOT NULL CHECK (guarantor IN ('RU','TR','IR')),
        confirmation text NOT NULL CHECK (confirmation IN ('confirmed','cannot_confirm','disputed')),
        note text,
        officer_id uuid NOT NULL REFERENCES users(id),
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX incident_confirmations_incident_idx ON incident_confirmations (incident_id, at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE incident_confirmations, incident_responses, incident_reviews;
      DROP INDEX incidents_overdue_idx;
      ALTER TABLE incidents DROP COLUMN duplicate_of, DROP COLUMN acknowledged_at, DROP COLUMN overdue_announced_at, DROP COLUMN updated_at;
    `);
  }
}
