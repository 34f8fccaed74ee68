import { Permission } from '@throughline/shared';
import { AuditEventEntity } from './audit-event.entity';
import { AuditEvent, type AuditEventFilter } from './audit-event.type';
import { requireGrant, requireStaff } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { ForbiddenError, InputChecker } from '../../graphql/errors';
import { fromGlobalId, idOf } from '../../graphql/global-id';
import { mapPage, OrderDirection, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';

export class AuditQueryService {
  async list(ctx: RequestContext, page: PageRequest, filter?: AuditEventFilter): Promise<Page<AuditEvent>> {
    const staff = requireStaff(ctx);
    if (!requireGrant(ctx, Permission.AUDIT_READ).districtWide) throw new ForbiddenError();
    const qb = (await managerOf(ctx))
      .createQueryBuilder(AuditEventEntity, 'ae')
      .where('ae.district_id = :districtId', { districtId: staff.districtId });
    const c = new InputChecker();
    if (filter?.entityId) {
      const parsed = fromGlobalId(filter.entityId);
      if (!parsed) c.add('filter.entityId', 'Not an id');
      else qb.andWhere('ae.entity_type = :eType AND ae.entity_id = :eId', { eType: parsed.type, eId: parsed.id });
    }
    if (filter?.actorId) {
      const actor = idOf(filter.actorId, 'StaffMember');
      if (!actor) c.add('filter.actorId', 'Not a StaffMember id');
      else qb.andWhere('ae.actor_id = :actor', { actor });
    }
    c.throwIfAny();
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
