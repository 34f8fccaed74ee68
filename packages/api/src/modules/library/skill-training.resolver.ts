import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { SkillTraining, SkillTrainingConnection } from './skill-training.type';
import {
  SkillTrainingPayload,
  SkillTrainingRecordInput,
  SkillTrainingRemoveInput,
  SkillTrainingRemovePayload,
  SkillTrainingsArgs,
} from './skill-training.input';
import { skillTrainingService } from './skill-training.service';
import { Skill } from './library.types';
import { skillById, trainingsBySkill } from './library.loaders';
import { StaffMember } from '../staff/staff-member.type';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { staffLoaders } from '../staff/staff-member.loaders';

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
    return skillTrainingService.list(ctx, args, args.filter);
  }

  @Mutation(() => SkillTrainingPayload, { description: 'District admins only. Recording it again changes the day.' })
  @Allow(Permission.LIBRARY_MANAGE)
  async skillTrainingRecord(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SkillTrainingRecordInput) input: SkillTrainingRecordInput,
  ): Promise<SkillTrainingPayload> {
    return { skillTraining: await skillTrainingService.record(ctx, input) };
  }

  @Mutation(() => SkillTrainingRemovePayload, { description: 'District admins only.' })
  @Allow(Permission.LIBRARY_MANAGE)
  async skillTrainingRemove(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SkillTrainingRemoveInput) input: SkillTrainingRemoveInput,
  ): Promise<SkillTrainingRemovePayload> {
    return { skillTraining: await skillTrainingService.remove(ctx, input) };
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
