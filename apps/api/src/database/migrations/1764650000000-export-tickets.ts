import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Download tickets for exports: short-lived, single-use, bound to one account
 * and one export (format and filter). Only the SHA-256 of a ticket is stored,
 * so the table cannot be read back into usable tickets.
 */
export class ExportTickets1764650000000 implements MigrationInterface {
  name = 'ExportTickets1764650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE export_tickets (
        ticket_sha256 text PRIMARY KEY CHECK (ticket_sha256 ~ '^[0-9a-f]{64}$'),
        user_id uuid NOT NULL REFERENCES users(id),
        token_version integer NOT NULL,
        format text NOT NULL CHECK (format IN ('csv','ndjson','geojson')),
        filter jsonb NOT NULL,
        filter_sha256 text NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      );
      CREATE INDEX export_tickets_expires_idx ON export_tickets (expires_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE export_tickets');
  }
}
