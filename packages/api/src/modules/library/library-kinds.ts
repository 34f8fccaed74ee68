import { LibraryItemService } from './library-item.service';
import {
  NormEntity,
  QuestionBankItemEntity,
  ReflectionPromptEntity,
  RubricCriterionEntity,
  SkillEntity,
} from './library.entity';
import { Norm, QuestionBankItem, ReflectionPrompt, RubricCriterion, Skill } from './library.types';

/** The five libraries. Lengths match the CHECK constraints of the ImprovementDomain migration. */

export const normService = new LibraryItemService({
  typeName: 'Norm',
  key: 'norm',
  noun: 'norm',
  entity: NormEntity,
  texts: [
    { field: 'title', max: 200, required: true },
    { field: 'description', max: 2000, required: false },
  ],
  toType: Norm.from,
});

export const rubricCriterionService = new LibraryItemService({
  typeName: 'RubricCriterion',
  key: 'rubricCriterion',
  noun: 'rubric criterion',
  entity: RubricCriterionEntity,
  texts: [
    { field: 'name', max: 200, required: true },
    { field: 'description', max: 2000, required: false },
  ],
  toType: RubricCriterion.from,
});

export const questionBankItemService = new LibraryItemService({
  typeName: 'QuestionBankItem',
  key: 'questionBankItem',
  noun: 'question',
  entity: QuestionBankItemEntity,
  texts: [
    { field: 'text', max: 500, required: true },
    { field: 'purpose', max: 200, required: false },
  ],
  toType: QuestionBankItem.from,
});

export const reflectionPromptService = new LibraryItemService({
  typeName: 'ReflectionPrompt',
  key: 'reflectionPrompt',
  noun: 'reflection prompt',
  entity: ReflectionPromptEntity,
  texts: [{ field: 'text', max: 500, required: true }],
  toType: ReflectionPrompt.from,
});

export const skillService = new LibraryItemService({
  typeName: 'Skill',
  key: 'skill',
  noun: 'skill',
  entity: SkillEntity,
  texts: [
    { field: 'name', max: 200, required: true },
    { field: 'description', max: 2000, required: false },
  ],
  toType: Skill.from,
});
