import type { RequestContext } from '../../graphql/context';
import type { Node } from '../../graphql/node.type';
import {
  NormResolver,
  QuestionBankItemResolver,
  ReflectionPromptResolver,
  RubricCriterionResolver,
  SkillResolver,
} from './library-item.resolvers';
import { SkillTrainedStaffResolver, SkillTrainingResolver } from './skill-training.resolver';
import { DistrictSettingsResolver } from './district-settings.resolver';
import {
  normService,
  questionBankItemService,
  reflectionPromptService,
  rubricCriterionService,
  skillService,
} from './library-kinds';

/** The library module's resolvers, wired into the schema by graphql/schema.ts. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const LIBRARY_RESOLVERS: Function[] = [
  NormResolver,
  RubricCriterionResolver,
  QuestionBankItemResolver,
  ReflectionPromptResolver,
  SkillResolver,
  SkillTrainedStaffResolver,
  SkillTrainingResolver,
  DistrictSettingsResolver,
];

/** How node(id:) refetches library records, by global id type. */
export const LIBRARY_FINDERS: Record<string, (ctx: RequestContext, globalId: string) => Promise<Node | null>> = {
  Norm: (ctx, id) => normService.findById(ctx, id),
  RubricCriterion: (ctx, id) => rubricCriterionService.findById(ctx, id),
  QuestionBankItem: (ctx, id) => questionBankItemService.findById(ctx, id),
  ReflectionPrompt: (ctx, id) => reflectionPromptService.findById(ctx, id),
  Skill: (ctx, id) => skillService.findById(ctx, id),
};
