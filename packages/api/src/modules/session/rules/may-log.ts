import { Permission } from '@throughline/shared';
import type { ConversationEntity } from '../../conversation/conversation.entity';
import { reachesSchool, scopeOf } from '../../../auth/scope';
import { requireMember, selfIdOf } from '../../../auth/guard';
import type { RequestContext } from '../../../graphql/context';

/**
 * Who may log a session (record it as held, or cancel it), among holders of SESSION_LOG: those whose grant reaches
 * the school of its conversation, and the conversation's facilitator whatever the grant's reach. Logging records
 * what happened in the room, so it falls to whoever ran it or answers for the school.
 */
export function mayLog(
  ctx: RequestContext,
  conversation: Pick<ConversationEntity, 'schoolId' | 'facilitatorId'>,
): boolean {
  return (
    reachesSchool(scopeOf(ctx, Permission.SESSION_LOG), conversation.schoolId) ||
    conversation.facilitatorId === selfIdOf(requireMember(ctx))
  );
}
