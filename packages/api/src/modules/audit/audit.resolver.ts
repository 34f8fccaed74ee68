import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { AuditEvent, AuditEventConnection, AuditEventsArgs, type AuditEventFilter } from './audit-event.type';
import { auditQueryService, type AuditEventListFilter } from './audit-query.service';
import { StaffMember } from '../staff/staff-member.type';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { InputChecker } from '../../graphql/errors';
import { fromGlobalId, wellFormedId } from '../../graphql/global-id';
import { staffLoaders } from '../staff/staff-member.loaders';

/** The filter with domain ids; a malformed id is BAD_USER_INPUT on its field rather than an empty log. */
function decodeFilter(filter: AuditEventFilter | undefined): AuditEventListFilter | undefined {
  if (!filter) return filter;
  const { entityId, actorId, ...rest } = filter;
  const c = new InputChecker();
  const entity = entityId ? fromGlobalId(entityId) : null;
  if (entityId && !entity) c.add('filter.entityId', 'Not an id');
  const actor = wellFormedId(c, 'filter.actorId', actorId, 'StaffMember');
  c.throwIfAny();
  return { ...rest, entity: entity ?? undefined, actorId: actor };
}

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Query(() => AuditEventConnection, { description: 'District admins: the audit log, newest first.' })
  @Allow(Permission.AUDIT_READ)
  auditEvents(
    @Ctx() ctx: RequestContext,
    @Args(() => AuditEventsArgs) args: AuditEventsArgs,
  ): Promise<Page<AuditEvent>> {
    return auditQueryService.list(ctx, args, decodeFilter(args.filter));
  }

  @FieldResolver(() => StaffMember, { nullable: true })
  actor(@Ctx() ctx: RequestContext, @Root() event: AuditEvent): Promise<StaffMember | null> {
    return event.actorRawId ? staffLoaders.byId(ctx).load(event.actorRawId) : Promise.resolve(null);
  }
}
