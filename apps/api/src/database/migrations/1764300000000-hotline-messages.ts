import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hotline messages and acknowledgements. What was said and when is evidence:
 * a trigger refuses UPDATE and DELETE of messages except the one bookkeeping
 * column that records when an overdue message was announced.
 */
export class HotlineMessages1764300000000 implements MigrationInterface {
  name = 'HotlineMessages1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hotline_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        channel_id uuid NOT NULL REFERENCES hotline_channels(id),
        from_guarantor text NOT NULL CHECK (from_guarantor IN ('RU','TR','IR')),
        author_id uuid NOT NULL REFERENCES users(id),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
        refers_to uuid[] NOT NULL DEFAULT '{}',
        corrects uuid REFERENCES hotline_messages(id),
        sent_at timestamptz NOT NULL DEFAULT now(),
        ack_by timestamptz,
        overdue_announced_at timestamptz
      );
      CREATE INDEX hotline_messages_channel_idx ON hotline_messages (channel_id, sent_at);
      CREATE INDEX hotline_messages_overdue_idx ON hotline_messages (ack_by) WHERE ack_by IS NOT NULL AND overdue_announced_at IS NULL;

      CREATE TABLE hotline_acknowledgements (
        message_id uuid NOT NULL REFERENCES hotline_messages(id),
        guarantor text NOT NULL CHECK (guarantor IN ('RU','TR','IR')),
        officer_id uuid NOT NULL REFERENCES users(id),
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (message_id, guarantor)
      );

      CREATE FUNCTION hotline_is_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'overdue_announced_at') = (to_jsonb(OLD) - 'overdue_announced_at') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'hotline messages are evidence: % refused; send a correction instead', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER hotline_messages_evidence BEFORE UPDATE OR DELETE ON hotline_messages
        FOR EACH ROW EXECUTE FUNCTION hotline_is_evidence();
      CREATE TRIGGER hotline_acknowledgements_evidence BEFORE UPDATE OR DELETE ON hotline_acknowledgements
        FOR EACH ROW EXECUTE FUNCTION hotline_is_evidence();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE hotline_acknowledgements, hotline_messages;
      DROP FUNCTION hotline_is_evidence();
    `);
  }
}
