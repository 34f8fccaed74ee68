import type { EffectivePermission } from '@throughline/shared';
import type { SessionEntity } from '../session.entity';
import { heldSql } from './held';
import { isRatingClosed, ratingClosedSql, type QualitySettings } from './rating-window';

/**
 * A session's quality, and when it is published.
 *
 * Raters: the attendees who rated the session, **except its facilitator** (the facilitator recorded on the session
 * when it was scheduled: `conversation_session.facilitator_id`, not the conversation's facilitator now): a
 * facilitator's rating of their own session is a self-rating, reported apart (`selfRating`) and never part of the
 * headline nor of any rater count. Handing the conversation over later changes nothing here.
 *
 * The minimum is the session's own `minRaters`, the district's when it was first held (rating-window.ts), so a later
 * change of the setting neither withholds nor reveals anything already decided.
 *
 * - A criterion is **shown** on a session when at least `minRaters` raters scored it there; its mean is the mean of
 *   their scores.
 * - The session's **overall** is the mean of each rater's mean, each rater's mean taken over the shown criteria
 *   they scored: every person weighs the same however many criteria they scored, and a criterion hidden for having
 *   too few raters never leaks through the overall.
 * - Its **raters** are the raters who scored at least one shown criterion (so, when there are any, at least
 *   `minRaters` of them).
 *
 * **Published**: the session is held, its recorded rating window has closed (rating-window.ts), and it has at least
 * its `minRaters` raters. Before that nothing of its quality is shown (state RATING_OPEN, or WITHHELD once the window
 * has closed with too few raters); after it, nothing can change it: nobody can rate any more, and the facilitator,
 * the closing time and the minimum it was decided with are recorded on the session. Every aggregate of quality (the
 * funnel's) is built only from published sessions' figures.
 */
export function isQualityPublished(
  s: Pick<SessionEntity, 'status' | 'ratingClosesAt' | 'minRaters'>,
  raters: number,
  now: Date = new Date(),
): boolean {
  return isRatingClosed(s, now) && s.minRaters !== null && raters >= s.minRaters;
}

/**
 * Who may read a facilitator's self-rating (a session's `selfRating`, the funnel's `selfRatedQuality`): the
 * facilitator themself, and readers whose ANALYTICS_READ grant reaches beyond their own records (leaders, coaches,
 * district roles), on the sessions and funnels they may read anyway. A teacher sees only their own. A self-rating is
 * one named person's judgement, so it is never mixed into a figure that promises anonymity.
 */
export function mayReadSelfRatings(analytics: EffectivePermission | null): boolean {
  return analytics !== null && (analytics.districtWide || analytics.schoolIds.length > 0);
}

/**
 * The district's current minimum as the named parameter :minRaters, for what is not a session's own figure: the
 * funnel returns no rater count of an aggregate below it. A session's figures use the session's recorded minimum.
 */
export function qualityParams(settings: Pick<QualitySettings, 'minRaters'>): { minRaters: number } {
  return { minRaters: settings.minRaters };
}

/** Published, in SQL: over session alias `s` and an integer expression for its number of raters. */
export function qualityPublishedSql(s: string, raters: string): string {
  return `(${ratingClosedSql(s)} AND ${raters} >= ${s}.min_raters)`;
}

/**
 * The per-session figures in SQL, as CTEs to put after WITH (or after a comma), for the held sessions among the ids
 * of relation `sessions` (a CTE with an `id` column). Named parameter: :districtId.
 *
 * - q_session: each held session, its recorded facilitator and minimum;
 * - q_row: its ratings, each flagged is_self (given by the session's facilitator);
 * - q_criterion: per session and criterion, over raters other than the facilitator: mean, raters, shown;
 * - q_rater: per session and rater (not the facilitator), the rater's mean over the shown criteria they scored;
 * - q_quality: per session: raters, overall (mean of the rater means), closes_at, min_raters, closed, published,
 *   and self_mean (the facilitator's mean over every criterion they scored; null if they did not rate).
 */
export function sessionQualityCtes(sessions: string): string {
  return `q_session AS MATERIALIZED (
    SELECT s.id, s.facilitator_id, s.min_raters
      FROM conversation_session s
     WHERE s.district_id = :districtId AND ${heldSql('s')} AND s.id IN (SELECT x.id FROM ${sessions} x)
  ),
  q_row AS MATERIALIZED (
    SELECT r.session_id, r.rater_id, r.criterion_id, r.score, (r.rater_id = qs.facilitator_id) AS is_self,
           qs.min_raters
      FROM quality_rating r JOIN q_session qs ON qs.id = r.session_id
     WHERE r.district_id = :districtId
  ),
  q_criterion AS MATERIALIZED (
    SELECT r.session_id, r.criterion_id, avg(r.score)::float8 AS mean, count(*)::int AS raters,
           count(*) >= min(r.min_raters) AS shown
      FROM q_row r WHERE NOT r.is_self
     GROUP BY r.session_id, r.criterion_id
  ),
  q_rater AS MATERIALIZED (
    SELECT r.session_id, r.rater_id, avg(r.score)::float8 AS mean
      FROM q_row r
      JOIN q_criterion k ON k.session_id = r.session_id AND k.criterion_id = r.criterion_id AND k.shown
     WHERE NOT r.is_self
     GROUP BY r.session_id, r.rater_id
  ),
  q_quality AS MATERIALIZED (
    SELECT qs.id AS session_id, qs.facilitator_id, s.held_at,
           coalesce(m.raters, 0) AS raters, m.overall, sf.mean AS self_mean,
           s.rating_closes_at AS closes_at, s.min_raters,
           ${ratingClosedSql('s')} AS closed,
           ${qualityPublishedSql('s', 'coalesce(m.raters, 0)')} AS published
      FROM q_session qs
      JOIN conversation_session s ON s.district_id = :districtId AND s.id = qs.id
      LEFT JOIN (SELECT x.session_id, count(*)::int AS raters, avg(x.mean)::float8 AS overall
                   FROM q_rater x GROUP BY x.session_id) m ON m.session_id = qs.id
      LEFT JOIN (SELECT r.session_id, avg(r.score)::float8 AS mean
                   FROM q_row r WHERE r.is_self GROUP BY r.session_id) sf ON sf.session_id = qs.id
  )`;
}
