import { createHash, randomBytes } from 'node:crypto';
import { Permission } from '@throughline/shared';
import { requireGrant, requireStaff } from '../../auth/guard';
import { reachesSchool, scopeOf } from '../../auth/scope';
import { managerOf, type RequestContext } from '../../graphql/context';
import { BadUserInputError, ForbiddenError, found } from '../../graphql/errors';
import { recordAudit } from '../audit/audit.service';
import { conversationService } from '../conversation/conversation.service';
import { CalendarFeed, CalendarFeedKind, type CalendarFeedPayload, type CalendarFeedRow } from './feed.type';

/** A feed token: 32 random bytes, base64url (43 characters). Only its SHA-256 is stored. */
export function newFeedToken(): string {
  return randomBytes(32).toString('base64url');
}

export function feedTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The feed's URLs: https (or the request's origin) and webcal:// for subscribing. */
export function feedUrls(origin: string, token: string): { url: string; webcalUrl: string } {
  const url = `${origin}/calendar/${token}.ics`;
  return { url, webcalUrl: url.replace(/^https?:\/\//, 'webcal://') };
}

export interface FeedCreate {
  kind: CalendarFeedKind;
  schoolId: string | null;
  conversationId: string | null;
}

const COLUMNS = 'id, kind, school_id, conversation_id, created_at';
/** The most live feeds `myCalendarFeeds` lists (the query cost model prices it so). */
export const FEEDS_MAX = 100;

/** People manage their own feeds: a person's own, a school's (its leaders, district admins), a conversation's. */
export class CalendarFeedService {
  async mine(ctx: RequestContext): Promise<CalendarFeed[]> {
    const staff = requireStaff(ctx);
    const rows: CalendarFeedRow[] = await (
      await managerOf(ctx)
    ).query(
      `SELECT ${COLUMNS} FROM calendar_feed
        WHERE district_id = $1 AND staff_member_id = $2 AND revoked_at IS NULL ORDER BY created_at LIMIT $3`,
      [staff.districtId, staff.staffMemberId, FEEDS_MAX],
    );
    return rows.map(CalendarFeed.from);
  }

  /** Creates a feed; one of the same kind and target that was live is revoked (regenerating the URL). */
  async create(ctx: RequestContext, input: FeedCreate, origin: string): Promise<CalendarFeedPayload> {
    const staff = requireStaff(ctx);
    const manager = await managerOf(ctx);
    let schoolId: string | null = null;
    let conversationId: string | null = null;
    if (input.kind === CalendarFeedKind.SCHOOL) {
      if (!input.schoolId) throw new BadUserInputError([{ field: 'schoolId', message: 'Name the school' }]);
      requireGrant(ctx, Permission.CONVERSATION_MANAGE);
      const scope = scopeOf(ctx, Permission.CONVERSATION_MANAGE);
      const [school] = await manager.query(`SELECT id FROM school WHERE district_id = $1 AND id = $2`, [
        staff.districtId,
        input.schoolId,
      ]);
      found(school, 'School');
      if (!reachesSchool(scope, input.schoolId)) throw new ForbiddenError('Only its leaders have a school feed');
      schoolId = input.schoolId;
    } else if (input.kind === CalendarFeedKind.CONVERSATION) {
      if (!input.conversationId)
        throw new BadUserInputError([{ field: 'conversationId', message: 'Name the conversation' }]);
      conversationId = found(
        await conversationService.findEntity(ctx, input.conversationId),
        'LearningConversation',
      ).id;
    } else if (input.schoolId || input.conversationId) {
      throw new BadUserInputError([
        {
          field: input.schoolId ? 'schoolId' : 'conversationId',
          message: 'A personal feed names no school or conversation',
        },
      ]);
    }
    await this.revokeWhere(
      ctx,
      `district_id = $1 AND staff_member_id = $2 AND kind = $3 AND school_id IS NOT DISTINCT FROM $4
         AND conversation_id IS NOT DISTINCT FROM $5 AND revoked_at IS NULL`,
      [staff.districtId, staff.staffMemberId, input.kind, schoolId, conversationId],
    );
    const token = newFeedToken();
    const [row]: CalendarFeedRow[] = await manager.query(
      `INSERT INTO calendar_feed (district_id, kind, staff_member_id, school_id, conversation_id, token_hash)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [staff.districtId, input.kind, staff.staffMemberId, schoolId, conversationId, feedTokenHash(token)],
    );
    await recordAudit(ctx, {
      action: 'calendarFeed.create',
      entityType: 'CalendarFeed',
      entityId: row.id,
      fields: ['kind'],
    });
    return { feed: CalendarFeed.from(row), ...feedUrls(origin, token) };
  }

  async revoke(ctx: RequestContext, id: string): Promise<string> {
    const staff = requireStaff(ctx);
    const n = await this.revokeWhere(
      ctx,
      `district_id = $1 AND staff_member_id = $2 AND id = $3 AND revoked_at IS NULL`,
      [staff.districtId, staff.staffMemberId, id],
    );
    found(n > 0 ? id : null, 'CalendarFeed');
    return id;
  }

  /** Revokes the caller's feeds matching `where`, each audited; returns how many. */
  private async revokeWhere(ctx: RequestContext, where: string, params: unknown[]): Promise<number> {
    const manager = await managerOf(ctx);
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [rows]: [{ id: string }[], number] = await manager.query(
      `UPDATE calendar_feed SET revoked_at = now() WHERE ${where} RETURNING id`,
      params,
    );
    for (const r of rows)
      await recordAudit(ctx, {
        action: 'calendarFeed.revoke',
        entityType: 'CalendarFeed',
        entityId: r.id,
        fields: ['revokedAt'],
      });
    return rows.length;
  }
}

export const calendarFeedService = new CalendarFeedService();
