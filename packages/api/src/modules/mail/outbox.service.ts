import type { EntityManager } from 'typeorm';
import { Permission } from '@throughline/shared';
import { requireGrant, requireOperator, requireStaff } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../graphql/errors';
import { OrderDirection, type Page } from '../../graphql/connection';
import { containsPattern } from '../../graphql/search';
import { paginate, type PageRequest } from '../../db/paginate';
import { recordOperatorOutboxRead } from '../audit/read-audit';
import { MailMessageEntity } from './mail-message.entity';

export const OUTBOX_STATES = ['PENDING', 'SENT', 'OUTBOX', 'FAILED'] as const;

/** The outbox filter, checked by the resolver. */
export interface OutboxFilter {
  kind?: string | null;
  state?: string | null;
  /** Part of the recipient's address (case-insensitive). */
  recipient?: string | null;
}

/**
 * The delivery log and outbox of one district, newest first, a page at a time (keyset over created_at, id) with its
 * total. District admins read their own district's (DISTRICT_SETTINGS_MANAGE). The platform operator reads any
 * district's, naming it: in a short transaction of its own with that district's claims, which also records, one row
 * per message shown, the read in the district's read audit (confidential_read, readerKind OPERATOR) before it
 * commits. Another district's id, for an admin, answers like one that does not exist.
 */
export async function outboxPage(
  ctx: RequestContext,
  request: PageRequest,
  filter: OutboxFilter,
  districtId: string | null,
): Promise<Page<MailMessageEntity>> {
  if (ctx.principal?.kind === 'operator') {
    const operator = requireOperator(ctx);
    if (!districtId) throw new BadUserInputError([{ field: 'districtId', message: 'Name the district to read' }]);
    return ctx.tx.apart(
      async (m) => {
        const [district] = await m.query(`SELECT id FROM district WHERE id = $1`, [districtId]);
        if (!district) throw new NotFoundError('District');
        const page = await query(m, districtId, request, filter);
        const total = await page.totalCount;
        await recordOperatorOutboxRead(m, {
          districtId,
          operatorId: operator.operatorId,
          requestId: ctx.requestId,
          messages: page.nodes.map((n) => ({ id: n.id, withBody: shownBody(n) !== null })),
        });
        return { ...page, totalCount: Promise.resolve(total) };
      },
      { districtId, platformOperator: true },
    );
  }
  const staff = requireStaff(ctx);
  if (!requireGrant(ctx, Permission.DISTRICT_SETTINGS_MANAGE).districtWide) throw new ForbiddenError();
  if (districtId && districtId !== staff.districtId) throw new NotFoundError('District');
  return query(await managerOf(ctx), staff.districtId, request, filter);
}

function query(
  m: EntityManager,
  districtId: string,
  request: PageRequest,
  filter: OutboxFilter,
): Promise<Page<MailMessageEntity>> {
  const qb = m.createQueryBuilder(MailMessageEntity, 'mm').where('mm.district_id = :districtId', { districtId });
  if (filter.kind) qb.andWhere('mm.kind = :kind', { kind: filter.kind });
  if (filter.state) qb.andWhere('mm.state = :state', { state: filter.state });
  const recipient = containsPattern(filter.recipient);
  if (recipient) qb.andWhere('mm.to_address ILIKE :recipient', { recipient });
  return paginate(qb, request, { expression: 'mm.created_at', direction: OrderDirection.DESC, timestamp: true });
}

/** A body is shown only while the message is kept in the outbox (never one waiting to be sent, or sent). */
export function shownBody(e: MailMessageEntity): string | null {
  return e.state === 'OUTBOX' ? e.bodyText : null;
}
