import type { SelectQueryBuilder } from 'typeorm';
import { Limits } from '@throughline/shared';
import { BadUserInputError } from '../../graphql/errors';
import type { Page } from '../../graphql/connection';
import type { PageRequest } from '../../db/paginate';
import type { SkillTrainingEntity } from './library.entity';

/**
 * Keyset pagination for skill trainings, most recent first. db/paginate.ts needs an `id` column, and a training
 * has none (its key is the skill and the person), so this does the same over (trained_on, skill_id, staff_member_id).
 */
const KEY = '(st.trained_on, st.skill_id, st.staff_member_id)';
const COLUMNS = ['st.trained_on', 'st.skill_id', 'st.staff_member_id'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Key = [string, string, string];

function encode(e: SkillTrainingEntity): string {
  return Buffer.from(JSON.stringify([e.trainedOn, e.skillId, e.staffMemberId]), 'utf8').toString('base64url');
}

function decode(cursor: string, field: string): Key {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed.every((p) => typeof p === 'string') &&
      DATE.test(parsed[0]) &&
      !Number.isNaN(Date.parse(parsed[0])) &&
      UUID.test(parsed[1]) &&
      UUID.test(parsed[2])
    ) {
      return parsed as Key;
    }
  } catch {
    // fall through
  }
  throw new BadUserInputError([{ field, message: 'Not a cursor from this list' }]);
}

export async function paginateTrainings(
  qb: SelectQueryBuilder<SkillTrainingEntity>,
  request: PageRequest,
): Promise<Page<SkillTrainingEntity>> {
  if (request.first != null && request.last != null) {
    throw new BadUserInputError([{ field: 'last', message: 'Use either first or last, not both' }]);
  }
  const backward = request.last != null || (request.before != null && request.first == null);
  const limit = Math.min(request.first ?? request.last ?? Limits.PAGE_DEFAULT, Limits.PAGE_MAX);
  const countQuery = qb.clone();
  const page = qb.clone();
  // Forward runs newest first (descending), so what comes after a cursor has a smaller key.
  const bound = (cursor: string, field: string, op: '<' | '>') => {
    const [d, s, m] = decode(cursor, field);
    page.andWhere(`${KEY} ${op} (:${field}D, :${field}S, :${field}M)`, {
      [`${field}D`]: d,
      [`${field}S`]: s,
      [`${field}M`]: m,
    });
  };
  if (request.after) bound(request.after, 'after', '<');
  if (request.before) bound(request.before, 'before', '>');
  const dir = backward ? 'ASC' : 'DESC';
  for (const [i, column] of COLUMNS.entries()) {
    if (i === 0) page.orderBy(column, dir);
    else page.addOrderBy(column, dir);
  }
  page.limit(limit + 1);

  const rows = limit === 0 ? [] : await page.getMany();
  const hasMore = rows.length > limit;
  let edges = rows.slice(0, limit).map((node) => ({ node, cursor: encode(node) }));
  if (backward) edges = edges.reverse();
  let total: Promise<number> | null = null;
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: backward ? request.before != null : hasMore,
      hasPreviousPage: backward ? hasMore : request.after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    get totalCount() {
      total ??= countQuery.getCount();
      return total;
    },
  };
}
