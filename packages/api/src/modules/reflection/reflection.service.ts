import { Permission } from '@throughline/shared';
import { ReflectionAnswerEntity, ReflectionEntity } from './reflection.entity';
import { Reflection, type ReflectionAnswer, type ReflectionSave } from './reflection.type';
import { sessionService } from '../session/session.service';
import { whyMayNotRate } from '../session/rules/may-rate';
import { sessionLoaders } from '../session/session.loaders';
import { ReflectionPromptEntity } from '../library/library.entity';
import { scopeOf } from '../../auth/scope';
import { requireStaff } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { ForbiddenError, found, InputChecker } from '../../graphql/errors';
import { toGlobalId } from '../../graphql/global-id';
import { requiredText } from '../../graphql/validate';
import { groupBy } from '../../graphql/loaders';
import { recordAudit } from '../audit/audit.service';

export class ReflectionService {
  async save(ctx: RequestContext, input: ReflectionSave): Promise<Reflection> {
    const staff = requireStaff(ctx);
    scopeOf(ctx, Permission.REFLECTION_WRITE);
    const session = found(await sessionService.findEntity(ctx, input.sessionId), 'ConversationSession');
    const manager = await managerOf(ctx);
    const c = new InputChecker();
    // Reflecting on a session follows the rule of rating it: attendees of a held session.
    const refusal = await whyMayNotRate(manager, session, staff.staffMemberId);
    if (refusal === 'NOT_HELD') c.add('sessionId', 'Reflections follow a held session');
    else if (refusal === 'NOT_ATTENDEE') throw new ForbiddenError('Only attendees reflect on a session');
    if (input.answers.length === 0) c.add('answers', 'Answer at least one prompt');
    const answers: { promptId: string; answer: string }[] = [];
    const seen = new Set<string>();
    for (const [i, a] of input.answers.entries()) {
      const prompt = await manager.findOne(ReflectionPromptEntity, {
        where: { id: a.promptId, districtId: session.districtId },
      });
      if (!prompt || seen.has(prompt.id))
        c.add(`answers.${i}.promptId`, prompt ? 'Each prompt once' : 'No such reflection prompt in this district');
      const answer = requiredText(c, `answers.${i}.answer`, a.answer, 5000);
      if (prompt) {
        seen.add(prompt.id);
        answers.push({ promptId: prompt.id, answer });
      }
    }
    c.throwIfAny();
    const key = { districtId: session.districtId, sessionId: session.id, authorId: staff.staffMemberId };
    let reflection = await manager.findOne(ReflectionEntity, { where: key });
    if (reflection) {
      await manager.update(
        ReflectionEntity,
        { id: reflection.id, districtId: key.districtId },
        { shared: input.shared ?? false, version: reflection.version + 1 },
      );
      await manager.delete(ReflectionAnswerEntity, { districtId: key.districtId, reflectionId: reflection.id });
    } else {
      reflection = await manager.save(
        ReflectionEntity,
        manager.create(ReflectionEntity, { ...key, shared: input.shared ?? false }),
      );
    }
    await manager.insert(
      ReflectionAnswerEntity,
      answers.map((a) => ({ ...a, districtId: key.districtId, reflectionId: reflection.id })),
    );
    await recordAudit(ctx, {
      action: 'reflection.save',
      entityType: 'Reflection',
      entityId: reflection.id,
      fields: ['answers', 'shared'],
    });
    return Reflection.from(await manager.findOneByOrFail(ReflectionEntity, { id: reflection.id }), staff.staffMemberId);
  }

  /** The reflections on each session the caller may read: their own, and shared ones inside the boundary. */
  async forSessions(ctx: RequestContext, sessionIds: readonly string[]): Promise<Reflection[][]> {
    // Reflections are confidential text: an API client reads none, whatever its scopes.
    if (ctx.principal?.kind === 'client') return sessionIds.map(() => []);
    const staff = requireStaff(ctx);
    const rows = await (
      await managerOf(ctx)
    )
      .createQueryBuilder(ReflectionEntity, 'r')
      .where('r.district_id = :d AND r.session_id = ANY(:ids) AND (r.author_id = :self OR r.shared)', {
        d: staff.districtId,
        ids: [...sessionIds],
        self: staff.staffMemberId,
      })
      .orderBy('r.created_at', 'ASC')
      .getMany();
    const access = await sessionLoaders.confidential(ctx).loadMany([...new Set(rows.map((r) => r.sessionId))]);
    const allowed = new Set([...new Set(rows.map((r) => r.sessionId))].filter((_, i) => access[i] === true));
    const visible = rows.filter((r) => r.authorId === staff.staffMemberId || allowed.has(r.sessionId));
    return groupBy(sessionIds, visible, (r) => r.sessionId).map((g) =>
      g.map((r) => Reflection.from(r, staff.staffMemberId)),
    );
  }

  async answers(ctx: RequestContext, reflectionIds: readonly string[]): Promise<ReflectionAnswer[][]> {
    const rows: { reflection_id: string; prompt_id: string; text: string; answer: string }[] = await (
      await managerOf(ctx)
    ).query(
      `SELECT a.reflection_id, a.prompt_id, p.text, a.answer FROM reflection_answer a
         JOIN reflection_prompt p ON p.district_id = a.district_id AND p.id = a.prompt_id
        WHERE a.reflection_id = ANY($1) ORDER BY p.position`,
      [[...reflectionIds]],
    );
    return groupBy(reflectionIds, rows, (r) => r.reflection_id).map((g) =>
      g.map((r) => ({ promptId: toGlobalId('ReflectionPrompt', r.prompt_id), prompt: r.text, answer: r.answer })),
    );
  }
}

export const reflectionService = new ReflectionService();
