import { libraryItemResolver } from './library-item.resolver';
import {
  normService,
  questionBankItemService,
  reflectionPromptService,
  rubricCriterionService,
  skillService,
} from './library-kinds';
import {
  Norm,
  NormConnection,
  QuestionBankItem,
  QuestionBankItemConnection,
  ReflectionPrompt,
  ReflectionPromptConnection,
  RubricCriterion,
  RubricCriterionConnection,
  Skill,
  SkillConnection,
} from './library.types';
import {
  NormCreateInput,
  NormPayload,
  NormUpdateInput,
  QuestionBankItemCreateInput,
  QuestionBankItemPayload,
  QuestionBankItemUpdateInput,
  ReflectionPromptCreateInput,
  ReflectionPromptPayload,
  ReflectionPromptUpdateInput,
  RubricCriterionCreateInput,
  RubricCriterionPayload,
  RubricCriterionUpdateInput,
  SkillCreateInput,
  SkillPayload,
  SkillUpdateInput,
} from './library.inputs';

export const NormResolver = libraryItemResolver({
  service: normService,
  list: 'norms',
  title: 'Norms',
  type: Norm,
  connection: NormConnection,
  createInput: NormCreateInput,
  updateInput: NormUpdateInput,
  payload: NormPayload,
});

export const RubricCriterionResolver = libraryItemResolver({
  service: rubricCriterionService,
  list: 'rubricCriteria',
  title: 'Rubric criteria',
  type: RubricCriterion,
  connection: RubricCriterionConnection,
  createInput: RubricCriterionCreateInput,
  updateInput: RubricCriterionUpdateInput,
  payload: RubricCriterionPayload,
});

export const QuestionBankItemResolver = libraryItemResolver({
  service: questionBankItemService,
  list: 'questionBankItems',
  title: 'Questions of the question bank',
  type: QuestionBankItem,
  connection: QuestionBankItemConnection,
  createInput: QuestionBankItemCreateInput,
  updateInput: QuestionBankItemUpdateInput,
  payload: QuestionBankItemPayload,
});

export const ReflectionPromptResolver = libraryItemResolver({
  service: reflectionPromptService,
  list: 'reflectionPrompts',
  title: 'Reflection prompts',
  type: ReflectionPrompt,
  connection: ReflectionPromptConnection,
  createInput: ReflectionPromptCreateInput,
  updateInput: ReflectionPromptUpdateInput,
  payload: ReflectionPromptPayload,
});

export const SkillResolver = libraryItemResolver({
  service: skillService,
  list: 'skills',
  title: 'Facilitation skills',
  type: Skill,
  connection: SkillConnection,
  createInput: SkillCreateInput,
  updateInput: SkillUpdateInput,
  payload: SkillPayload,
});
