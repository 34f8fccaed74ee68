import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * More facts fixed when they happen, on each session (docs/metrics.md, "Facts fixed when they happen"):
 *
 * - `facilitator_id`: who facilitates it, recorded when it is scheduled (the conversation's facilitator then) and
 *   changed later only while the session is still to come (modules/session/expected-record.ts, with its expected
 *   participants). Quality's self-ratings and raters, and the person funnel, read it: handing a conversation over
 *   does not turn the previous facilitator's self-ratings into ratings.
 * - `scheduled_on`: its scheduled day in the district's zone, computed by the database whenever `scheduled_at` is
 *   written (insert, or a change of the instant), from the district's zone at that moment. Funnel windows and trend
 *   buckets place sessions by it: a later change of the district's zone moves no past session to another day (the
 *   zone change itself moves future sessions keeping their wall-clock time, district/timezone-change.ts, so their day
 *   stays). Indexed with the district for the funnel's window.
 * - `rating_closes_at`, `min_raters`: when a session is first held, its rating window's closing instant (`held_at` +
 *   the district's `rating_window_days`) and the district's `min_raters`, as they are then
 *   (modules/session/rules/rating-window.ts). Logging it again, or changing the settings, never moves them, so a
 *   published quality stays published with the same figures.
 *
 * Writers that omit them (fixtures, seeds, raw inserts) get them from the trigger below, which fills what is missing
 * and keeps what is recorded: `scheduled_on` follows `scheduled_at` only (never written directly); the rating facts,
 * once set, stay unless a writer sets new ones explicitly (the API never does: rating-window.ts), so changing
 * `held_at` alone does not move them.
 *
 * Backfill, the best record there is: the conversation's facilitator as it is now; the scheduled day in the
 * district's zone as it is now; for held sessions, `held_at` + the district's current rating window and its current
 * minimum: exactly what every figure read until now.
 */
export class SessionFacts1764900000000 implements MigrationInterface {
  name = 'SessionFacts1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE conversation_session
        ADD COLUMN facilitator_id uuid,
        ADD COLUMN scheduled_on date,
        ADD COLUMN rating_closes_at timestamptz,
        ADD COLUMN min_raters smallint`);
    await q.query(`
      UPDATE conversation_session s
         SET facilitator_id = c.facilitator_id,
             scheduled_on = (s.scheduled_at AT TIME ZONE d.timezone)::date,
             rating_closes_at = CASE WHEN s.status = 'HELD' AND s.held_at IS NOT NULL
                                     THEN s.held_at + make_interval(hours => 24 * coalesce(ds.rating_window_days, 14)::int) END,
             min_raters = CASE WHEN s.status = 'HELD' AND s.held_at IS NOT NULL
                               THEN greatest(3, coalesce(ds.min_raters, 3)) END
        FROM learning_conversation c
        JOIN district d ON d.id = c.district_id
        LEFT JOIN district_setting ds ON ds.district_id = c.district_id
       WHERE c.district_id = s.district_id AND c.id = s.conversation_id`);
    await q.query(`
      ALTER TABLE conversation_session
        ALTER COLUMN facilitator_id SET NOT NULL,
        ALTER COLUMN scheduled_on SET NOT NULL,
        ADD CONSTRAINT conversation_session_facilitator_fkey
          FOREIGN KEY (district_id, facilitator_id) REFERENCES staff_member (district_id, id),
        ADD CONSTRAINT conversation_session_rating_facts
          CHECK (status <> 'HELD' OR (rating_closes_at IS NOT NULL AND min_raters IS NOT NULL)),
        ADD CONSTRAINT conversation_session_min_raters_floor CHECK (min_raters >= 3)`);
    await q.query(`CREATE INDEX conversation_session_day_idx ON conversation_session (district_id, scheduled_on)`);
    await q.query(`
      CREATE FUNCTION conversation_session_stamp_facts() RETURNS trigger
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      BEGIN
        -- The scheduled day: the local day of scheduled_at in the district's zone when that instant was written.
        IF TG_OP = 'INSERT' OR NEW.scheduled_at IS DISTINCT FROM OLD.scheduled_at THEN
          NEW.scheduled_on := (SELECT (NEW.scheduled_at AT TIME ZONE d.timezone)::date
                                 FROM district d WHERE d.id = NEW.district_id);
        ELSE
          NEW.scheduled_on := OLD.scheduled_on;
        END IF;
        -- The facilitator: the conversation's when the session is scheduled, unless the writer named one.
        IF NEW.facilitator_id IS NULL THEN
          NEW.facilitator_id := (SELECT c.facilitator_id FROM learning_conversation c
                                  WHERE c.district_id = NEW.district_id AND c.id = NEW.conversation_id);
        END IF;
        -- The rating facts: recorded when the session is first held; a writer that leaves them out keeps them.
        IF TG_OP = 'UPDATE' THEN
          NEW.rating_closes_at := coalesce(NEW.rating_closes_at, OLD.rating_closes_at);
          NEW.min_raters := coalesce(NEW.min_raters, OLD.min_raters);
        END IF;
        IF NEW.status = 'HELD' AND NEW.held_at IS NOT NULL
           AND (NEW.rating_closes_at IS NULL OR NEW.min_raters IS NULL) THEN
          SELECT coalesce(NEW.rating_closes_at, NEW.held_at + make_interval(hours => 24 * coalesce(ds.rating_window_days, 14)::int)),
                 coalesce(NEW.min_raters, greatest(3, coalesce(ds.min_raters, 3)))
            INTO NEW.rating_closes_at, NEW.min_raters
            FROM (SELECT NEW.district_id AS id) x LEFT JOIN district_setting ds ON ds.district_id = x.id;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER conversation_session_facts BEFORE INSERT OR UPDATE ON conversation_session
        FOR EACH ROW EXECUTE FUNCTION conversation_session_stamp_facts()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS conversation_session_facts ON conversation_session`);
    await q.query(`DROP FUNCTION IF EXISTS conversation_session_stamp_facts()`);
    await q.query(`DROP INDEX IF EXISTS conversation_session_day_idx`);
    await q.query(`
      ALTER TABLE conversation_session
        DROP CONSTRAINT IF EXISTS conversation_session_min_raters_floor,
        DROP CONSTRAINT IF EXISTS conversation_session_rating_facts,
        DROP CONSTRAINT IF EXISTS conversation_session_facilitator_fkey,
        DROP COLUMN IF EXISTS min_raters,
        DROP COLUMN IF EXISTS rating_closes_at,
        DROP COLUMN IF EXISTS scheduled_on,
        DROP COLUMN IF EXISTS facilitator_id`);
  }
}
