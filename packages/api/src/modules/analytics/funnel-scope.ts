import { Permission } from '@throughline/shared';
import { FunnelScopeKind, type FunnelScopeInput } from './funnel.input';
import type { StrategyEntity } from '../strategy/strategy.entity';
import { schoolService } from '../school/school.service';
import { strategyService } from '../strategy/strategy.service';
import { conversationService } from '../conversation/conversation.service';
import { mayOpenConversationSql } from '../conversation/visibility';
import { staffMemberService } from '../staff/staff-member.service';
import { assertReachesSchool, reachesSchool, scopeOf, type Scope } from '../../auth/scope';
import { inEffectAtSql } from '../../db/effective-dated';
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
  /**
   * Which invited people count towards reach: over `ep` (a recorded expected participant of a due session of the
   * window). Everyone for every scope but PERSON, where it is the person.
   */
  people: string;
  /**
   * PERSON only: the condition, over `s`, under which a held session is held for the person (they attended it).
   * Null for the other scopes: a held session is held.
   */
  heldFor: string | null;
  params: Record<string, unknown>;
  /** The strategy, for a STRATEGY scope: its health is graded. */
  strategy: StrategyEntity | null;
  /**
   * Sessions the scope would take in but the caller may not open (over `s` and `c`): left out of every figure and
   * list, and only counted (Funnel.sessionsOutsideView). Null where the caller's reach already bounds the scope.
   */
  outsideView: string | null;
  /**
   * A record the scope names that must exist, checked by the funnel's first statement (it reads the district's
   * settings) rather than by a statement of its own: a boolean SQL expression over the scope's params, and the type
   * NOT_FOUND names when it is false. Absent where the record was read while resolving the scope.
   */
  mustExist?: { sql: string; type: string };
}

/** Sessions and actions of the conversations matching `conversations` (over `c`). */
function ofConversations(
  districtId: string,
  kind: FunnelScopeKind,
  conversations: string,
  params: Record<string, unknown>,
  strategy: StrategyEntity | null = null,
): FunnelScope {
  return {
    kind,
    districtId,
    sessions: conversations,
    actions: conversations,
    people: 'TRUE',
    heldFor: null,
    params,
    strategy,
    outsideView: null,
  };
}

/** Whether the school of a SCHOOL scope exists (in the district: row-level security keeps others out of sight). */
const SCHOOL_EXISTS_SQL = 'EXISTS (SELECT 1 FROM school WHERE district_id = :districtId AND id = :scopeSchoolId)';

/**
 * A school's funnel scope: the sessions and actions of its conversations. Also built, without a request, by the
 * school leader's weekly digest (mail/weekly-digest.ts), which counts what this scope's funnel counts.
 */
export function schoolScope(districtId: string, schoolId: string): FunnelScope {
  return ofConversations(districtId, FunnelScopeKind.SCHOOL, 'c.school_id = :scopeSchoolId', {
    scopeSchoolId: schoolId,
  });
}

/**
 * A strategy's funnel scope, for a reader whose conversation reach is `conversations` (CONVERSATION_READ): a
 * school's strategy may depend on district-wide conversations too, so all its mapped conversations count. A session
 * counts when its conversation was mapped at the session's scheduled time (db/effective-dated.ts): unmapping later
 * does not take it out of past windows. A school leader's strategy may map a district-wide conversation they cannot
 * open: its sessions are left out of the figures and lists, and only counted. `IS NOT TRUE`, not NOT: for a
 * district-wide conversation the school test is NULL, and NOT NULL would drop the very sessions to count.
 */
export function strategyScope(strategy: StrategyEntity, conversations: Scope): FunnelScope {
  const mapped = `EXISTS (SELECT 1 FROM conversation_mapping m WHERE m.district_id = c.district_id
        AND m.conversation_id = c.id AND m.strategy_id = :scopeStrategyId AND ${inEffectAtSql('m', 's.scheduled_at')})`;
  const open = mayOpenConversationSql(conversations);
  return {
    ...ofConversations(
      conversations.districtId,
      FunnelScopeKind.STRATEGY,
      `${mapped} AND ${open.sql}`,
      { scopeStrategyId: strategy.id, ...open.params },
      strategy,
    ),
    outsideView: open.sql === 'TRUE' ? null : `${mapped} AND (${open.sql}) IS NOT TRUE`,
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
      return ofConversations(reach.districtId, kind, 'TRUE', {});

    case FunnelScopeKind.SCHOOL: {
      requireSchoolReach(reach);
      const id = requiredId(input, 'School');
      // A school the caller may read and analyse: only its existence is left to check, by the funnel's first
      // statement. Otherwise it is read here, so NOT_FOUND and FORBIDDEN come as they always have.
      // (SCHOOL_READ's scope refuses as schoolService.findEntity would without the permission.)
      if (reachesSchool(scopeOf(ctx, Permission.SCHOOL_READ), id) && reachesSchool(reach, id)) {
        return { ...schoolScope(reach.districtId, id), mustExist: { sql: SCHOOL_EXISTS_SQL, type: 'School' } };
      }
      const school = found(await schoolService.findEntity(ctx, id), 'School');
      assertReachesSchool(reach, school.id);
      return schoolScope(reach.districtId, school.id);
    }

    case FunnelScopeKind.STRATEGY: {
      requireSchoolReach(reach);
      const strategy = found(
        await strategyService.findEntity(ctx, requiredId(input, 'ImprovementStrategy')),
        'ImprovementStrategy',
      );
      assertReachesSchool(reach, strategy.schoolId);
      return strategyScope(strategy, scopeOf(ctx, Permission.CONVERSATION_READ));
    }

    case FunnelScopeKind.CONVERSATION: {
      requireSchoolReach(reach);
      const conversation = found(
        await conversationService.findEntity(ctx, requiredId(input, 'LearningConversation')),
        'LearningConversation',
      );
      assertReachesSchool(reach, conversation.schoolId);
      const one = 'c.id = :scopeConversationId';
      return ofConversations(reach.districtId, kind, one, { scopeConversationId: conversation.id });
    }

    case FunnelScopeKind.TYPE: {
      requireSchoolReach(reach);
      if (!input.conversationType)
        throw new BadUserInputError([{ field: 'scope.conversationType', message: 'Required for TYPE' }]);
      const ofType = `c.type = :scopeType AND ${inReach}`;
      return ofConversations(reach.districtId, kind, ofType, { scopeType: input.conversationType, ...reachParams });
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
      // The person's own sessions: those they were recorded as expected at when scheduled (session/rules/expected.ts),
      // those they facilitate (the facilitator recorded on the session: a handover moves only upcoming ones), and
      // those they attended; held for them only when they attended.
      const attended = `EXISTS (SELECT 1 FROM session_attendance pa WHERE pa.district_id = s.district_id
        AND pa.session_id = s.id AND pa.staff_member_id = :self)`;
      const expected = `EXISTS (SELECT 1 FROM session_expected_participant pe WHERE pe.district_id = s.district_id
        AND pe.session_id = s.id AND pe.staff_member_id = :self)`;
      return {
        kind,
        districtId: reach.districtId,
        sessions: `(${expected} OR s.facilitator_id = :self OR ${attended}) AND ${limit}`,
        actions: `a.owner_id = :self AND ${limit}`,
        people: 'ep.staff_member_id = :self',
        heldFor: attended,
        params: { self: id, ...(self ? {} : reachParams) },
        strategy: null,
        outsideView: null,
      };
    }

    default:
      throw new BadUserInputError([{ field: 'scope.kind', message: 'Unknown scope' }]);
  }
}
