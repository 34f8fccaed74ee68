import { ConversationEntity } from './conversation.entity';
import { SessionEntity } from '../session/session.entity';
import { managerOf, type RequestContext } from '../../graphql/context';
import { recordAudits } from '../audit/audit.service';

/** The reason the sessions a school's closing cancels carry. */
export const SCHOOL_CLOSED_REASON = 'School closed';

/**
 * What closing a school does to its conversations, in the closing request's transaction: every future session not
 * yet held (still SCHEDULED, at or after now) is cancelled with the reason "School closed", and every active
 * conversation of the school is deactivated, so nothing schedules there any more. The past stays as it was: held
 * sessions, and missed ones (scheduled, past, never logged), keep their state. Each record changed is audited.
 * Reopening the school undoes none of it; a cancelled session stays cancelled even if its conversation is
 * reactivated, since rescheduling leaves cancelled occurrences in place.
 */
export async function stopSchoolConversations(
  ctx: RequestContext,
  districtId: string,
  schoolId: string,
): Promise<{ sessionsCancelled: number; conversationsDeactivated: number }> {
  const manager = await managerOf(ctx);
  const cancelled = await manager
    .createQueryBuilder()
    .update(SessionEntity)
    .set({
      status: 'CANCELLED',
      cancelReason: SCHOOL_CLOSED_REASON,
      version: () => 'version + 1',
      updatedAt: () => 'now()',
    } as never)
    .where(`district_id = :districtId AND status = 'SCHEDULED' AND scheduled_at >= now()`, { districtId })
    .andWhere(
      'conversation_id IN (SELECT c.id FROM learning_conversation c WHERE c.district_id = :districtId AND c.school_id = :schoolId)',
      { schoolId },
    )
    .returning('id')
    .execute();
  const deactivated = await manager
    .createQueryBuilder()
    .update(ConversationEntity)
    .set({ active: false, version: () => 'version + 1', updatedAt: () => 'now()' } as never)
    .where('district_id = :districtId AND school_id = :schoolId AND active', { districtId, schoolId })
    .returning('id')
    .execute();
  const conversationIds = (deactivated.raw as { id: string }[]).map((r) => r.id);
  const sessionIds = (cancelled.raw as { id: string }[]).map((r) => r.id);
  await recordAudits(ctx, [
    ...conversationIds.map((id) => ({
      action: 'conversation.update',
      entityType: 'LearningConversation',
      entityId: id,
      fields: ['active'],
    })),
    ...sessionIds.map((id) => ({
      action: 'session.cancel',
      entityType: 'ConversationSession',
      entityId: id,
      fields: ['cancelReason', 'status'],
    })),
  ]);
  return { sessionsCancelled: sessionIds.length, conversationsDeactivated: conversationIds.length };
}
