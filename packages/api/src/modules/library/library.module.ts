import type { ApiModule } from '../../graphql/module';
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
import {
  DistrictSettingEntity,
  NormEntity,
  QuestionBankItemEntity,
  ReflectionPromptEntity,
  RubricCriterionEntity,
  SkillEntity,
  SkillTrainingEntity,
} from './library.entity';

/** The district's libraries (norms, rubric, question bank, prompts, skills and training) and its settings. */
export const libraryModule: ApiModule = {
  name: 'library',
  resolvers: [
    NormResolver,
    RubricCriterionResolver,
    QuestionBankItemResolver,
    ReflectionPromptResolver,
    SkillResolver,
    SkillTrainedStaffResolver,
    SkillTrainingResolver,
    DistrictSettingsResolver,
  ],
  entities: [
    DistrictSettingEntity,
    NormEntity,
    RubricCriterionEntity,
    QuestionBankItemEntity,
    ReflectionPromptEntity,
    SkillEntity,
    SkillTrainingEntity,
  ],
  nodes: {
    Norm: (ctx, id) => normService.findById(ctx, id),
    RubricCriterion: (ctx, id) => rubricCriterionService.findById(ctx, id),
    QuestionBankItem: (ctx, id) => questionBankItemService.findById(ctx, id),
    ReflectionPrompt: (ctx, id) => reflectionPromptService.findById(ctx, id),
    Skill: (ctx, id) => skillService.findById(ctx, id),
  },
};
