import { Permission } from '@throughline/shared';
import { AuditEventEntity } from './audit-event.entity';
import { AuditEvent, type AuditEventFilter } from './audit-event.type';
import { requireGrant, requireStaff } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { ForbiddenError } from '../../graphql/errors';
import { mapPage, OrderDirection, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';

/**
 * The audit log filter, with domain ids (malformed ones are refused by the resolver): `entity` is the record a
 * global id named (its type and uuid), `actorId` the staff member who acted.
 */
export type AuditEventListFilter = Omit<AuditEventFilter, 'entityId' | 'actorId'> & {
  entity?: { type: string; id: string };
  actorId?: string;
};

export class AuditQueryService {
  async list(ctx: RequestContext, page: PageRequest, filter?: AuditEventListFilter): Promise<Page<AuditEvent>> {
    const staff = requireStaff(ctx);
    if (!requireGrant(ctx, Permission.AUDIT_READ).districtWide) throw new ForbiddenError();
    const qb = (await managerOf(ctx))
      .createQueryBuilder(AuditEventEntity, 'ae')
      .where('ae.district_id = :districtId', { districtId: staff.districtId });
    if (filter?.entity) {
      qb.andWhere('ae.entity_type = :eType AND ae.entity_id = :eId', {
        eType: filter.entity.type,
        eId: filter.entity.id,
      });
    }
    if (filter?.actorId) qb.andWhere('ae.actor_id = :actor', { actor: filter.actorId });
    if (filter?.entityType) qb.andWhere('ae.entity_type = :entityType', { entityType: filter.entityType });
    if (filter?.action) qb.andWhere('ae.action = :action', { action: filter.action });
    if (filter?.occurredAfter) qb.andWhere('ae.occurred_at >= :after', { after: filter.occurredAfter });
    if (filter?.occurredBefore) qb.andWhere('ae.occurred_at < :before', { before: filter.occurredBefore });
    return mapPage(
      await paginate(qb, page, { expression: 'ae.occurred_at', direction: OrderDirection.DESC, timestamp: true }),
      AuditEvent.from,
    );
  }
}

export const auditQueryService = new AuditQueryService();
