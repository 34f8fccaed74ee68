import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { AuditEvent, AuditEventConnection, AuditEventsArgs } from './audit-event.type';
import { auditQueryService } from './audit-query.service';
import { StaffMember } from '../staff/staff-member.type';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { staffLoaders } from '../staff/staff-member.loaders';

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Query(() => AuditEventConnection, { description: 'District admins: the audit log, newest first.' })
  @Allow(Permission.AUDIT_READ)
  auditEvents(
    @Ctx() ctx: RequestContext,
    @Args(() => AuditEventsArgs) args: AuditEventsArgs,
  ): Promise<Page<AuditEvent>> {
    return auditQueryService.list(ctx, args, args.filter);
  }

  @FieldResolver(() => StaffMember, { nullable: true })
  actor(@Ctx() ctx: RequestContext, @Root() event: AuditEvent): Promise<StaffMember | null> {
    return event.actorRawId ? staffLoaders.byId(ctx).load(event.actorRawId) : Promise.resolve(null);
  }
}
