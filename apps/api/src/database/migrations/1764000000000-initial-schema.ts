import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation schema: the truce registry (agreements, guarantors, parties
 * with signatory history, exclusions with guarantors' positions, hotline
 * channels), users, incident reports, idempotency keys, the event log with its
 * gapless counter, and the hash-chained audit trail.
 *
 * Enumerations are CHECK constraints listing the same values as libs/domain's
 * vocabulary, so a bad value can never be stored even by hand.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CONSTRAINT users_role_check CHECK (role IN ('monitor','reviewer','officer','analyst','admin')),
        guarantor text CONSTRAINT users_guarantor_check CHECK (guarantor IN ('RU','TR','IR')),
        -- Bumped on logout and on disable: every token issued before is refused at once.
        token_version integer NOT NULL DEFAULT 0,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_username_key UNIQUE (username),
        CONSTRAINT users_officer_has_guarantor CHECK ((role = 'officer') = (guarantor IS NOT NULL))
      );

      CREATE TABLE agreements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        effective_from timestamptz NOT NULL,
        effective_until timestamptz,
        scope jsonb NOT NULL,
        acknowledgement_deadline_minutes integer NOT NULL DEFAULT 120 CHECK (acknowledgement_deadline_minutes > 0),
        covered_forces jsonb NOT NULL DEFAULT '[]',
        source_text text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agreements_window_check CHECK (effective_until IS NULL OR effective_until > effective_from)
      );

      CREATE TABLE agreement_guarantors (
        agreement_id uuid NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
        code text NOT NULL CHECK (code IN ('RU','TR','IR')),
        name text NOT NULL,
        answers_for text NOT NULL,
        PRIMARY KEY (agreement_id, code)
      );

      CREATE TABLE parties (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
        name text NOT NULL,
        bloc text NOT NULL CHECK (bloc IN ('government','pro_government','opposition','jihadist','other')),
        guarantor text CHECK (guarantor IN ('RU','TR','IR')),
        aliases text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT parties_agreement_name_key UNIQUE (agreement_id, name)
      );

      CREATE TABLE party_signatory_statuses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        party_id uuid NOT NULL REFERENCES parties(id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('signed','not_signed','unknown')),
        effective_from timestamptz NOT NULL,
        claimed_by text,
        note text,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX party_signatory_statuses_party_idx ON party_signatory_statuses (party_id, effective_from);

      CREATE TABLE exclusions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
        party_id uuid NOT NULL REFERENCES parties(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('core','linked')),
        designated_by text CHECK (designated_by IN ('RU','TR','IR')),
        basis text NOT NULL,
        effective_from timestamptz NOT NULL,
        effective_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT exclusions_linked_has_designator CHECK (kind = 'core' OR designated_by IS NOT NULL)
      );
      CREATE INDEX exclusions_agreement_idx ON exclusions (agreement_id);

      CREATE TABLE exclusion_positions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        exclusion_id uuid NOT NULL REFERENCES exclusions(id) ON DELETE CASCADE,
        guarantor text NOT NULL CHECK (guarantor IN ('RU','TR','IR')),
        position text NOT NULL CHECK (position IN ('accepts','disputes')),
        at timestamptz NOT NULL,
        note text
      );
      CREATE INDEX exclusion_positions_exclusion_idx ON exclusion_positions (exclusion_id, at);

      CREATE TABLE hotline_channels (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
        name text NOT NULL,
        guarantors text[] NOT NULL CHECK (cardinality(guarantors) >= 2 AND guarantors <@ ARRAY['RU','TR','IR']),
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE incidents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL REFERENCES agreements(id),
        occurred_at timestamptz NOT NULL,
        time_precision smallint NOT NULL CHECK (time_precision BETWEEN 1 AND 5),
        reported_at timestamptz NOT NULL DEFAULT now(),
        lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
        geo_precision smallint NOT NULL CHECK (geo_precision BETWEEN 1 AND 7),
        governorate text NOT NULL CHECK (governorate ~ '^SY-[A-Z]{2}$'),
        place_name text,
        event_type text NOT NULL CHECK (event_type IN ('armed_clash','shelling','air_strike','remote_explosive','sniper_fire','attack_on_civilians','territorial_advance','access_obstruction','arrest_or_abduction','other')),
        perpetrator_party_id uuid REFERENCES parties(id),
        target_party_id uuid REFERENCES parties(id),
        target_civilians boolean NOT NULL DEFAULT false,
        killed_low integer NOT NULL DEFAULT 0, killed_best integer NOT NULL DEFAULT 0, killed_high integer NOT NULL DEFAULT 0,
        injured_low integer NOT NULL DEFAULT 0, injured_best integer NOT NULL DEFAULT 0, injured_high integer NOT NULL DEFAULT 0,
        civilians_killed_low integer NOT NULL DEFAULT 0, civilians_killed_best integer NOT NULL DEFAULT 0, civilians_killed_high integer NOT NULL DEFAULT 0,
        civilians_injured_low integer NOT NULL DEFAULT 0, civilians_injured_best integer NOT NULL DEFAULT 0, civilians_injured_high integer NOT NULL DEFAULT 0,
        combatants_killed_low integer NOT NULL DEFAULT 0, combatants_killed_best integer NOT NULL DEFAULT 0, combatants_killed_high integer NOT NULL DEFAULT 0,
        combatants_injured_low integer NOT NULL DEFAULT 0, combatants_injured_best integer NOT NULL DEFAULT 0, combatants_injured_high integer NOT NULL DEFAULT 0,
        sources jsonb NOT NULL,
        description text NOT NULL,
        obstruction jsonb,
        verification text NOT NULL DEFAULT 'reported' CHECK (verification IN ('reported','corroborated','verified','rejected','duplicate')),
        outcome text NOT NULL CHECK (outcome IN ('violation','permitted_excluded_target','disputed_exclusion','excluded_perpetrator','non_party','outside_window','outside_scope','undetermined')),
        reasons jsonb NOT NULL,
        responsible_guarantor text CHECK (responsible_guarantor IN ('RU','TR','IR')),
        acknowledge_by timestamptz,
        filed_by uuid NOT NULL REFERENCES users(id),
        CONSTRAINT incidents_one_target CHECK ((target_party_id IS NULL) = target_civilians),
        CONSTRAINT incidents_routed_has_deadline CHECK ((responsible_guarantor IS NULL) = (acknowledge_by IS NULL))
      );
      CREATE INDEX incidents_agreement_occurred_idx ON incidents (agreement_id, occurred_at);
      CREATE INDEX incidents_reported_idx ON incidents (reported_at DESC, id DESC);
      CREATE INDEX incidents_guarantor_idx ON incidents (responsible_guarantor, acknowledge_by) WHERE responsible_guarantor IS NOT NULL;
      CREATE INDEX incidents_filed_by_idx ON incidents (filed_by);

      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users(id),
        key text NOT NULL,
        request_hash text NOT NULL,
        response_status integer NOT NULL,
        response_body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, key)
      );
      CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at);

      -- The event log: seq is taken from the counter row below, which each writing
      -- transaction locks, so numbers are gapless and visible in commit order.
      CREATE TABLE event_log (
        seq bigint PRIMARY KEY,
        type text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        audience text[] NOT NULL,
        data jsonb NOT NULL
      );
      CREATE TABLE event_log_counter (
        id smallint PRIMARY KEY CHECK (id = 1),
        last_seq bigint NOT NULL
      );
      INSERT INTO event_log_counter (id, last_seq) VALUES (1, 0);

      -- The audit trail: each entry's hash covers the previous one's; the head row
      -- serialises writers, and a trigger refuses any change to written entries.
      CREATE TABLE audit_log (
        id bigint PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        data jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL
      );
      CREATE TABLE audit_chain_head (
        id smallint PRIMARY KEY CHECK (id = 1),
        last_id bigint NOT NULL,
        last_hash text NOT NULL
      );
      INSERT INTO audit_chain_head (id, last_id, last_hash) VALUES (1, 0, repeat('0', 64));
      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS audit_chain_head, audit_log, event_log_counter, event_log, idempotency_keys, incidents,
        hotline_channels, exclusion_positions, exclusions, party_signatory_statuses, parties, agreement_guarantors,
        agreements, users CASCADE;
      DROP FUNCTION IF EXISTS audit_log_is_append_only();
    `);
  }
}
