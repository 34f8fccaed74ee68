import { Limits } from '@throughline/shared';
import { ChangeOp, CHANGE_RECORDS, ChangeRecordType } from './changes.type';
import { belowHorizon, laterOf, type ChangePosition } from './change-cursor';
import { grantOf, MissingScopeError, requireMember } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { ForbiddenError } from '../../graphql/errors';
import { SYNC_HORIZON } from '../../db/sync';

export interface ChangeRow {
  type: ChangeRecordType;
  /** The record's domain id. */
  id: string;
  op: ChangeOp;
  at: Date;
  position: ChangePosition;
}

export interface ChangePage {
  entries: ChangeRow[];
  hasMore: boolean;
  /** Where to resume: after the last entry, or after everything final when nothing more is; null only at the start. */
  end: ChangePosition | null;
}

const TYPE_OF_TYPENAME = new Map(
  Object.entries(CHANGE_RECORDS).map(([type, r]) => [r.typename, type as ChangeRecordType]),
);

export class ChangesService {
  /**
   * The kinds of record the caller may follow: those they read across the whole district (an API client's scopes
   * always reach it; a person's grant must be district-wide: the feed is not narrowed to schools or to their own
   * records). Asking for a kind they may not read is FORBIDDEN, naming the scope for a client.
   */
  private readableTypes(ctx: RequestContext, asked: ChangeRecordType[] | null | undefined): ChangeRecordType[] {
    const member = requireMember(ctx);
    const all = Object.keys(CHANGE_RECORDS) as ChangeRecordType[];
    const wanted = asked?.length ? [...new Set(asked)] : all;
    const readable = (t: ChangeRecordType) => grantOf(ctx, CHANGE_RECORDS[t].permission)?.districtWide === true;
    const refused = asked?.length ? wanted.filter((t) => !readable(t)) : [];
    const allowed = wanted.filter(readable);
    if (refused.length || !allowed.length) {
      const missing = (refused.length ? refused : wanted).map((t) => CHANGE_RECORDS[t].permission);
      throw member.kind === 'client'
        ? new MissingScopeError(missing)
        : new ForbiddenError('The change feed is for those who read these records across the whole district');
    }
    return allowed;
  }

  /**
   * The district's changes after `since`, in the order of their transaction ids, up to the oldest transaction still
   * running (db/sync.ts): what lies behind a position never changes, and a later change always comes after it.
   */
  async changes(
    ctx: RequestContext,
    since: ChangePosition | null,
    first: number | null | undefined,
    types: ChangeRecordType[] | null | undefined,
  ): Promise<ChangePage> {
    const member = requireMember(ctx);
    const allowed = this.readableTypes(ctx, types);
    const limit = Math.min(first ?? Limits.PAGE_DEFAULT, Limits.PAGE_MAX);
    const from = since ?? { xid: '-1', seq: '-1' };
    // One statement: the horizon and the entries below it come from the same snapshot.
    const rows: {
      horizon: string;
      xid: string | null;
      seq: string | null;
      entity_type: string;
      entity_id: string;
      op: ChangeOp;
      at: Date;
    }[] = await (
      await managerOf(ctx)
    ).query(
      `WITH h AS (SELECT ${SYNC_HORIZON} AS x)
       SELECT h.x::text AS horizon, e.change_xid::text AS xid, e.seq::text AS seq, e.entity_type, e.entity_id, e.op, e.at
         FROM h LEFT JOIN LATERAL (
           SELECT cl.change_xid, cl.seq, cl.entity_type, cl.entity_id, cl.op, cl.at
             FROM change_log cl
            WHERE cl.district_id = $1
              AND cl.change_xid < h.x
              AND (cl.change_xid, cl.seq) > ($2::bigint, $3::bigint)
              AND cl.entity_type = ANY($4::text[])
            ORDER BY cl.change_xid, cl.seq
            LIMIT $5
         ) e ON true`,
      [member.districtId, from.xid, from.seq, allowed.map((t) => CHANGE_RECORDS[t].typename), limit + 1],
    );
    const found = rows.filter((r) => r.xid !== null);
    const entries = found.slice(0, limit).map((r) => ({
      type: TYPE_OF_TYPENAME.get(r.entity_type)!,
      id: r.entity_id,
      op: r.op,
      at: r.at,
      position: { xid: r.xid!, seq: r.seq! },
    }));
    const hasMore = found.length > limit;
    const last = entries.at(-1)?.position ?? since;
    const end = hasMore ? last : laterOf(belowHorizon(rows[0].horizon), last);
    return { entries, hasMore, end };
  }
}

export const changesService = new ChangesService();
