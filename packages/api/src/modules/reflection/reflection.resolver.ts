import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Permission } from '@throughline/shared';
import {
  Reflection,
  ReflectionAnswer,
  ReflectionPayload,
  ReflectionSaveInput,
  type ReflectionSave,
} from './reflection.type';
import { reflectionService } from './reflection.service';
import { reflectionLoaders } from './reflection.loaders';
import { StaffMember } from '../staff/staff-member.type';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import { decodeId } from '../../graphql/global-id';
import { staffLoaders } from '../staff/staff-member.loaders';
import { noteConfidentialRead } from '../audit/read-audit';

/**
 * The edge: the input decoded into what the service takes. A malformed id, or one naming another type, decodes to a
 * uuid no row has, so it answers like another district's id.
 */
function decodeReflectionSave(input: ReflectionSaveInput): ReflectionSave {
  return {
    ...input,
    sessionId: decodeId(input.sessionId, 'ConversationSession'),
    answers: input.answers.map((a) => ({ promptId: decodeId(a.promptId, 'ReflectionPrompt'), answer: a.answer })),
  };
}

@Resolver(() => Reflection)
export class ReflectionResolver {
  @FieldResolver(() => StaffMember, { nullable: true })
  author(@Ctx() ctx: RequestContext, @Root() r: Reflection): Promise<StaffMember | null> {
    return staffLoaders.byId(ctx).load(r.authorRawId);
  }

  @FieldResolver(() => [ReflectionAnswer], {
    description: 'Only reflections you may read reach you at all; their answers come with them.',
  })
  async answers(@Ctx() ctx: RequestContext, @Root() r: Reflection): Promise<ReflectionAnswer[]> {
    const answers = await reflectionLoaders.answers(ctx).load(r.rawId);
    // Someone else's shared reflection: the read is audited (its author sees it in readEvents).
    if (!r.mine && answers.length > 0) noteConfidentialRead(ctx, 'Reflection', r.rawId, ['answers'], r.authorRawId);
    return answers;
  }

  @Mutation(() => ReflectionPayload, { description: 'Saves your reflection on a held session you attended.' })
  @Allow(Permission.REFLECTION_WRITE)
  async reflectionSave(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ReflectionSaveInput) input: ReflectionSaveInput,
  ): Promise<ReflectionPayload> {
    return { reflection: await reflectionService.save(ctx, decodeReflectionSave(input)) };
  }
}
