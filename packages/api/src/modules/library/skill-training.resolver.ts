import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { SkillTraining, SkillTrainingConnection } from './skill-training.type';
import {
  SkillTrainingPayload,
  SkillTrainingRecordInput,
  SkillTrainingRemoveInput,
  SkillTrainingRemovePayload,
  SkillTrainingsArgs,
  type SkillTrainingFilter,
} from './skill-training.input';
import { skillTrainingService, type SkillTrainingKey, type SkillTrainingListFilter } from './skill-training.service';
import { Skill } from './library.types';
import { skillById, trainingsBySkill } from './library.loaders';
import { StaffMember } from '../staff/staff-member.type';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { InputChecker } from '../../graphql/errors';
import { decodeId, wellFormedId } from '../../graphql/global-id';
import { staffLoaders } from '../staff/staff-member.loaders';

/** The filter with domain ids; a malformed id is BAD_USER_INPUT on its field rather than an empty list. */
function decodeFilter(filter: SkillTrainingFilter | null | undefined): SkillTrainingListFilter | null | undefined {
  if (!filter) return filter;
  const c = new InputChecker();
  const skillId = wellFormedId(c, 'filter.skillId', filter.skillId, 'Skill') ?? null;
  const staffMemberId = wellFormedId(c, 'filter.staffMemberId', filter.staffMemberId, 'StaffMember') ?? null;
  c.throwIfAny();
  return { ...filter, skillId, staffMemberId };
}

/** The skill and the person an input names, decoded: a malformed id finds nothing, and the service names its field. */
function decodeKey(input: { skillId: string; staffMemberId: string }): SkillTrainingKey {
  return { skillId: decodeId(input.skillId, 'Skill'), staffMemberId: decodeId(input.staffMemberId, 'StaffMember') };
}

@Resolver(() => SkillTraining)
export class SkillTrainingResolver {
  @Query(() => SkillTrainingConnection, {
    description: 'Trainings of the people you may read, newest first.',
  })
  @Allow(Permission.LIBRARY_READ)
  skillTrainings(
    @Ctx() ctx: RequestContext,
    @Args(() => SkillTrainingsArgs) args: SkillTrainingsArgs,
  ): Promise<Page<SkillTraining>> {
    return skillTrainingService.list(ctx, args, decodeFilter(args.filter));
  }

  @Mutation(() => SkillTrainingPayload, { description: 'District admins only. Recording it again changes the day.' })
  @Allow(Permission.LIBRARY_MANAGE)
  async skillTrainingRecord(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SkillTrainingRecordInput) input: SkillTrainingRecordInput,
  ): Promise<SkillTrainingPayload> {
    return { skillTraining: await skillTrainingService.record(ctx, { ...input, ...decodeKey(input) }) };
  }

  @Mutation(() => SkillTrainingRemovePayload, { description: 'District admins only.' })
  @Allow(Permission.LIBRARY_MANAGE)
  async skillTrainingRemove(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SkillTrainingRemoveInput) input: SkillTrainingRemoveInput,
  ): Promise<SkillTrainingRemovePayload> {
    return { skillTraining: await skillTrainingService.remove(ctx, decodeKey(input)) };
  }

  @FieldResolver(() => StaffMember, { nullable: true, description: 'Null when the person is not yours to see.' })
  staffMember(@Ctx() ctx: RequestContext, @Root() training: SkillTraining): Promise<StaffMember | null> {
    return staffLoaders.byId(ctx).load(training.staffMemberId);
  }

  @FieldResolver(() => Skill, { nullable: true })
  skill(@Ctx() ctx: RequestContext, @Root() training: SkillTraining): Promise<Skill | null> {
    return skillById(ctx).load(training.skillId);
  }
}

@Resolver(() => Skill)
export class SkillTrainedStaffResolver {
  @FieldResolver(() => [SkillTraining], {
    description: 'Who has been trained in this skill, newest first (people you may read).',
  })
  trainedStaff(@Ctx() ctx: RequestContext, @Root() skill: Skill): Promise<SkillTraining[]> {
    return trainingsBySkill(ctx).load(skill.rawId);
  }
}
