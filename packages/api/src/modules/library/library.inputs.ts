import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PageArgs } from '../../graphql/connection';
import { Norm, QuestionBankItem, ReflectionPrompt, RubricCriterion, Skill } from './library.types';

@InputType({ description: 'Narrows a library list.' })
export class LibraryFilter {
  @Field(() => Boolean, { nullable: true, description: 'true: offered items only; false: retired items only.' })
  active?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Matches any text of the item, ignoring case.' })
  search?: string | null;
}

@ArgsType()
export class LibraryItemsArgs extends PageArgs {
  @Field(() => LibraryFilter, { nullable: true }) filter?: LibraryFilter | null;
}

/** What every create input may carry besides its text. A base only: never referenced, so not emitted. */
@InputType('LibraryCreateFields')
export abstract class LibraryCreateFields {
  @Field(() => Int, { nullable: true, description: 'Place in the list; defaults to the end.' })
  position?: number | null;
}

/**
 * What every update input carries besides its text. Retire an item with `active: false`; nothing is deleted.
 * A base only: never referenced, so not emitted.
 */
@InputType('LibraryUpdateFields')
export abstract class LibraryUpdateFields {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The version you read; a stale one is a CONFLICT.' }) version: number;
  @Field(() => Int, { nullable: true }) position?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'false retires the item; true offers it again.' })
  active?: boolean | null;
}

@InputType()
export class NormCreateInput extends LibraryCreateFields {
  @Field(() => String) title: string;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType()
export class NormUpdateInput extends LibraryUpdateFields {
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType()
export class RubricCriterionCreateInput extends LibraryCreateFields {
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType()
export class RubricCriterionUpdateInput extends LibraryUpdateFields {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType()
export class QuestionBankItemCreateInput extends LibraryCreateFields {
  @Field(() => String) text: string;
  @Field(() => String, { nullable: true }) purpose?: string | null;
}

@InputType()
export class QuestionBankItemUpdateInput extends LibraryUpdateFields {
  @Field(() => String, { nullable: true }) text?: string | null;
  @Field(() => String, { nullable: true }) purpose?: string | null;
}

@InputType()
export class ReflectionPromptCreateInput extends LibraryCreateFields {
  @Field(() => String) text: string;
}

@InputType()
export class ReflectionPromptUpdateInput extends LibraryUpdateFields {
  @Field(() => String, { nullable: true }) text?: string | null;
}

@InputType()
export class SkillCreateInput extends LibraryCreateFields {
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType()
export class SkillUpdateInput extends LibraryUpdateFields {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@ObjectType()
export class NormPayload {
  @Field(() => Norm) norm: Norm;
}

@ObjectType()
export class RubricCriterionPayload {
  @Field(() => RubricCriterion) rubricCriterion: RubricCriterion;
}

@ObjectType()
export class QuestionBankItemPayload {
  @Field(() => QuestionBankItem) questionBankItem: QuestionBankItem;
}

@ObjectType()
export class ReflectionPromptPayload {
  @Field(() => ReflectionPrompt) reflectionPrompt: ReflectionPrompt;
}

@ObjectType()
export class SkillPayload {
  @Field(() => Skill) skill: Skill;
}
