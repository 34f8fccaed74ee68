import { Permission } from '@throughline/shared';
import { FunnelScopeKind, type FunnelScopeInput } from './funnel.input';
import type { StrategyEntity } from '../strategy/strategy.entity';
import { schoolService } from '../school/school.service';
import { strategyService } from '../strategy/strategy.service';
import { conversationService } from '../conversation/conversation.service';
import { staffMemberService } from '../staff/staff-member.service';
import { PARTICIPATES } from '../conversation/visibility';
import { assertReachesSchool, scopeOf, type Scope } from '../../auth/scope';
import type { RequestContext } from '../../graphql/context';
import { BadUserInputError, ForbiddenError, found } from '../../graphql/errors';

/**
 * What a funnel is taken over, with a domain id: the school's, strategy's, conversation's or person's that `kind`
 * names (see FUNNEL_SCOPE_NODE_TYPE). DISTRICT and TYPE take no id: any id given for them is refused.
 */
export type FunnelScopeQuery = Omit<FunnelScopeInput, 'id'> & { id?: string | null };

/**
 * A funnel's scope as SQL conditions, after the caller's reach has been checked. The conditions use named
 * parameters, all in `params`.
 */
export interface FunnelScope {
  kind: FunnelScopeKind;
  districtId: string;
  /** Which sessions count: over `s` (the session) and `c` (its conversation). */
  sessions: string;
  /** Which actions count: over `a` (the action), `s` (its session) and `c` (that session's conversation). */
  actions: string;
  /** Which active staff are in scope (the denominator of coverage): over `sm`. */
  staff: string;
  params: Record<string, unknown>;
  /** The strategy, for a STRATEGY scope: its health is graded. */
  strategy: StrategyEntity | null;
}

const SCHOOL_STAFF = `EXISTS (SELECT 1 FROM role_assignment sra WHERE sra.district_id = sm.district_id
  AND sra.staff_member_id = sm.id AND sra.school_id = :scopeSchoolId)`;

/** The people who take part in any conversation matching `conversations` (over `c`): see PARTICIPATES. */
function takingPart(conversations: string): string {
  return `EXISTS (SELECT 1 FROM learning_conversation c WHERE c.district_id = sm.district_id AND ${conversations}
    AND ${PARTICIPATES.replaceAll(':self', 'sm.id')})`;
}

/** Sessions and actions of the conversations matching `conversations` (over `c`). */
function ofConversations(
  reach: Scope,
  kind: FunnelScopeKind,
  conversations: string,
  staff: string,
  params: Record<string, unknown>,
  strategy: StrategyEntity | null = null,
): FunnelScope {
  return {
    kind,
    districtId: reach.districtId,
    sessions: conversations,
    actions: conversations,
    staff,
    params,
    strategy,
  };
}

function requiredId(input: FunnelScopeQuery, type: string): string {
  if (!input.id) throw new BadUserInputError([{ field: 'scope.id', message: `A ${type} id is required` }]);
  return input.id;
}

/** A caller whose grant reaches only their own records (a teacher) sees nothing but their own funnel. */
function requireSchoolReach(reach: Scope): void {
  if (!reach.all && reach.schoolIds.length === 0) throw new ForbiddenError();
}

/**
 * Resolves the scope and checks the caller reaches it: district-wide roles anything; school leaders and coaches
 * their schools (their records, conversations of their schools, people who hold a role there); anyone themself.
 */
export async function resolveScope(ctx: RequestContext, input: FunnelScopeQuery): Promise<FunnelScope> {
  const reach = scopeOf(ctx, Permission.ANALYTICS_READ);
  const { kind } = input;
  if ((kind === FunnelScopeKind.DISTRICT || kind === FunnelScopeKind.TYPE) && input.id)
    throw new BadUserInputError([{ field: 'scope.id', message: `Not used for ${kind}` }]);
  const inReach = reach.all ? 'TRUE' : 'c.school_id = ANY(:reachSchoolIds)';
  const reachParams = reach.all ? {} : { reachSchoolIds: reach.schoolIds };

  switch (kind) {
    case FunnelScopeKind.DISTRICT:
      if (!reach.all) throw new ForbiddenError('The district funnel is for district-wide roles');
      return ofConversations(reach, kind, 'TRUE', 'TRUE', {});

    case FunnelScopeKind.SCHOOL: {
      requireSchoolReach(reach);
      const school = found(await schoolService.findEntity(ctx, requiredId(input, 'School')), 'School');
      assertReachesSchool(reach, school.id);
      return ofConversations(reach, kind, 'c.school_id = :scopeSchoolId', SCHOOL_STAFF, { scopeSchoolId: school.id });
    }

    case FunnelScopeKind.STRATEGY: {
      requireSchoolReach(reach);
      const strategy = found(
        await strategyService.findEntity(ctx, requiredId(input, 'ImprovementStrategy')),
        'ImprovementStrategy',
      );
      assertReachesSchool(reach, strategy.schoolId);
      // A school's strategy may depend on district-wide conversations too: all its mapped conversations count.
      const mapped = `EXISTS (SELECT 1 FROM conversation_mapping m WHERE m.district_id = c.district_id
        AND m.conversation_id = c.id AND m.strategy_id = :scopeStrategyId)`;
      return ofConversations(
        reach,
        kind,
        mapped,
        strategy.schoolId ? SCHOOL_STAFF : 'TRUE',
        { scopeStrategyId: strategy.id, scopeSchoolId: strategy.schoolId },
        strategy,
      );
    }

    case FunnelScopeKind.CONVERSATION: {
      requireSchoolReach(reach);
      const conversation = found(
        await conversationService.findEntity(ctx, requiredId(input, 'LearningConversation')),
        'LearningConversation',
      );
      assertReachesSchool(reach, conversation.schoolId);
      const one = 'c.id = :scopeConversationId';
      return ofConversations(reach, kind, one, takingPart(one), { scopeConversationId: conversation.id });
    }

    case FunnelScopeKind.TYPE: {
      requireSchoolReach(reach);
      if (!input.conversationType)
        throw new BadUserInputError([{ field: 'scope.conversationType', message: 'Required for TYPE' }]);
      const ofType = `c.type = :scopeType AND ${inReach}`;
      return ofConversations(reach, kind, ofType, takingPart(ofType), {
        scopeType: input.conversationType,
        ...reachParams,
      });
    }

    case FunnelScopeKind.PERSON: {
      const id = input.id || null;
      const self = id !== null && id === reach.selfId;
      if (!self) {
        requireSchoolReach(reach);
        const personId = requiredId(input, 'StaffMember');
        found(
          await (
            await staffMemberService.scoped(ctx, Permission.ANALYTICS_READ)
          )
            .andWhere('sm.id = :personId', { personId })
            .getOne(),
          'StaffMember',
        );
      }
      // Someone else's funnel shows their work in the caller's schools only; one's own funnel shows all of it.
      const limit = self ? 'TRUE' : inReach;
      const attended = `EXISTS (SELECT 1 FROM session_attendance pa WHERE pa.district_id = s.district_id
        AND pa.session_id = s.id AND pa.staff_member_id = :self)`;
      return {
        kind,
        districtId: reach.districtId,
        sessions: `(${PARTICIPATES} OR ${attended}) AND ${limit}`,
        actions: `a.owner_id = :self AND ${limit}`,
        staff: 'sm.id = :self',
        params: { self: id, ...(self ? {} : reachParams) },
        strategy: null,
      };
    }

    default:
      throw new BadUserInputError([{ field: 'scope.kind', message: 'Unknown scope' }]);
  }
}
