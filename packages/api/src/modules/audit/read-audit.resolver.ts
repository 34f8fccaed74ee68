import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@throughline/shared';
import {
  AuditLogCsv,
  AuditLogCsvInput,
  ConfidentialRead,
  ConfidentialReadConnection,
  ConfidentialReadsArgs,
  type ConfidentialReadFilter,
} from './read-audit.type';
import { readAuditService, type ConfidentialReadListFilter } from './read-audit.service';
import type { ConfidentialRecord } from './read-audit';
import { StaffMember } from '../staff/staff-member.type';
import { staffLoaders } from '../staff/staff-member.loaders';
import { Reflection } from '../reflection/reflection.type';
import { Session } from '../session/session.type';
import { Allow, PeopleOnly } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { InputChecker } from '../../graphql/errors';
import { fromGlobalId, wellFormedId } from '../../graphql/global-id';

const RECORD_TYPES = ['ConversationSession', 'Reflection', 'ActionItem'];

/** The filter with domain ids; a malformed id is BAD_USER_INPUT on its field rather than an empty list. */
function decodeFilter(filter: ConfidentialReadFilter | undefined): ConfidentialReadListFilter | undefined {
  if (!filter) return undefined;
  const c = new InputChecker();
  const readerId = wellFormedId(c, 'filter.readerId', filter.readerId, 'StaffMember');
  const authorId = wellFormedId(c, 'filter.authorId', filter.authorId, 'StaffMember');
  const record = filter.recordId ? fromGlobalId(filter.recordId) : null;
  if (filter.recordId && (!record || !RECORD_TYPES.includes(record.type))) {
    c.add('filter.recordId', 'Not the id of a session, reflection or action');
  }
  c.throwIfAny();
  return {
    readerId,
    authorId,
    record: record ?? undefined,
    readAfter: filter.readAfter,
    readBefore: filter.readBefore,
  };
}

function readsOf(ctx: RequestContext, type: ConfidentialRecord, id: string): Promise<ConfidentialRead[]> {
  return ctx.loaders.loader(`reads.${type}`, (ids) => readAuditService.ofRecords(ctx, type, ids)).load(id);
}

@Resolver(() => ConfidentialRead)
export class ReadAuditResolver {
  @Query(() => ConfidentialReadConnection, {
    description: 'District admins: who read confidential text written by someone else, newest first.',
  })
  @Allow(Permission.AUDIT_READ)
  confidentialReads(
    @Ctx() ctx: RequestContext,
    @Args(() => ConfidentialReadsArgs) args: ConfidentialReadsArgs,
  ): Promise<Page<ConfidentialRead>> {
    return readAuditService.list(ctx, args, decodeFilter(args.filter));
  }

  @Query(() => ConfidentialReadConnection, {
    description: 'Who read your notes, your shared reflections and your actions’ evidence, newest first.',
  })
  @Allow(Permission.SESSION_READ, Permission.ACTION_READ)
  @PeopleOnly()
  myConfidentialReads(
    @Ctx() ctx: RequestContext,
    @Args(() => ConfidentialReadsArgs) args: ConfidentialReadsArgs,
  ): Promise<Page<ConfidentialRead>> {
    return readAuditService.mine(ctx, args, decodeFilter(args.filter));
  }

  @Query(() => AuditLogCsv, {
    description: `District admins: the audit log (change events or read events) as one CSV file, newest first, at most 20,000 rows. Audited.`,
  })
  @Allow(Permission.AUDIT_READ)
  auditLogCsv(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AuditLogCsvInput) input: AuditLogCsvInput,
  ): Promise<AuditLogCsv> {
    return readAuditService.csv(ctx, input.log, input.occurredAfter, input.occurredBefore);
  }

  @FieldResolver(() => StaffMember, { nullable: true, description: 'Who read (when you may see them).' })
  reader(@Ctx() ctx: RequestContext, @Root() r: ConfidentialRead): Promise<StaffMember | null> {
    return r.readerRawId ? staffLoaders.byId(ctx).load(r.readerRawId) : Promise.resolve(null);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The name of who read: shown to the author too, whatever their reach over staff.',
  })
  readerName(@Ctx() ctx: RequestContext, @Root() r: ConfidentialRead): Promise<string | null> {
    if (!r.readerRawId) return Promise.resolve('Platform operator');
    return ctx.loaders.loader('reads.readerName', (ids) => readAuditService.names(ctx, ids)).load(r.readerRawId);
  }

  @FieldResolver(() => StaffMember, { nullable: true, description: 'Whose text it is (when you may see them).' })
  author(@Ctx() ctx: RequestContext, @Root() r: ConfidentialRead): Promise<StaffMember | null> {
    return r.authorRawId ? staffLoaders.byId(ctx).load(r.authorRawId) : Promise.resolve(null);
  }
}

@Resolver(() => Reflection)
export class ReflectionReadsResolver {
  @FieldResolver(() => [ConfidentialRead], {
    description: 'Your own reflection: who else read it (newest first, at most 50). Empty for anyone else.',
  })
  readEvents(@Ctx() ctx: RequestContext, @Root() r: Reflection): Promise<ConfidentialRead[]> {
    return readsOf(ctx, 'Reflection', r.rawId);
  }
}

@Resolver(() => Session)
export class SessionReadsResolver {
  @FieldResolver(() => [ConfidentialRead], {
    description:
      'When you logged this session (its notes and check-in/out are yours): who else read them (newest first, at most 50). Empty for anyone else.',
  })
  readEvents(@Ctx() ctx: RequestContext, @Root() s: Session): Promise<ConfidentialRead[]> {
    return readsOf(ctx, 'ConversationSession', s.rawId);
  }
}
