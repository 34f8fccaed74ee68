import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The district settings behind quality's anonymity and follow-through's honesty (docs/metrics.md):
 * - `min_raters` (3): the fewest distinct raters behind any quality figure, never below 3;
 * - `rating_window_days` (14): how long after a session is held its attendees may rate it; its quality is shown
 *   only once the window has closed, so no figure changes after it is first shown;
 * - `completion_correction_days` (7): how long after an action is marked done its completion date may be corrected;
 * - `sustained_after_days` (42): how long after corroboration a practice change may be re-checked as sustained.
 */
export class MeasurementSettings1764700000000 implements MigrationInterface {
  name = 'MeasurementSettings1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE district_setting
        ADD COLUMN min_raters smallint NOT NULL DEFAULT 3 CHECK (min_raters BETWEEN 3 AND 20),
        ADD COLUMN rating_window_days smallint NOT NULL DEFAULT 14 CHECK (rating_window_days BETWEEN 1 AND 60),
        ADD COLUMN completion_correction_days smallint NOT NULL DEFAULT 7
          CHECK (completion_correction_days BETWEEN 0 AND 30),
        ADD COLUMN sustained_after_days smallint NOT NULL DEFAULT 42 CHECK (sustained_after_days BETWEEN 7 AND 365)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE district_setting
        DROP COLUMN IF EXISTS sustained_after_days,
        DROP COLUMN IF EXISTS completion_correction_days,
        DROP COLUMN IF EXISTS rating_window_days,
        DROP COLUMN IF EXISTS min_raters`);
  }
}
