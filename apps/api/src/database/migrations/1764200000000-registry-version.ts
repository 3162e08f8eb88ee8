import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version number per agreement, bumped in the same transaction as every
 * registry change. Filing reads it under a share lock and reuses its cached
 * copy of the registry while the number is unchanged.
 */
export class RegistryVersion1764200000000 implements MigrationInterface {
  name = 'RegistryVersion1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE agreements ADD COLUMN registry_version integer NOT NULL DEFAULT 0');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE agreements DROP COLUMN registry_version');
  }
}
