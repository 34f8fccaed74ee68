import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.type';
import { ConnectionType } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import type {
  NormEntity,
  QuestionBankItemEntity,
  ReflectionPromptEntity,
  RubricCriterionEntity,
  SkillEntity,
} from './library.entity';

/** The columns every library entity has (the entity file keeps its base class to itself). */
export interface LibraryItemEntity {
  id: string;
  districtId: string;
  position: number;
  active: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The fields every library item shows: its place in the list, whether it is offered, its version. Registered so
 * that the five types inherit its fields; never referenced itself, so it is not emitted into the schema.
 */
@ObjectType('LibraryItemFields')
export abstract class LibraryItem extends Node {
  @Field(() => Int, { description: 'Place in the list; lists are ordered by position, then id.' }) position: number;
  @Field(() => Boolean, { description: 'Retired items (false) stay for the records that point at them.' })
  active: boolean;
  @Field(() => Int, { description: 'Pass back with updates; a stale version is a CONFLICT.' }) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  /** Raw uuid, for field resolvers; not exposed. */
  rawId: string;
}

function common(typeName: string, e: LibraryItemEntity) {
  return {
    id: toGlobalId(typeName, e.id),
    rawId: e.id,
    position: e.position,
    active: e.active,
    version: e.version,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

@ObjectType('Norm', { implements: Node, description: 'An agreement on how a group works together.' })
export class Norm extends LibraryItem {
  @Field(() => String) title: string;
  @Field(() => String) description: string;

  static from(e: NormEntity): Norm {
    return Object.assign(new Norm(), common('Norm', e), { title: e.title, description: e.description });
  }
}

@ObjectType('RubricCriterion', { implements: Node, description: 'A criterion that sessions are rated on (1-4).' })
export class RubricCriterion extends LibraryItem {
  @Field(() => String) name: string;
  @Field(() => String) description: string;

  static from(e: RubricCriterionEntity): RubricCriterion {
    return Object.assign(new RubricCriterion(), common('RubricCriterion', e), {
      name: e.name,
      description: e.description,
    });
  }
}

@ObjectType('QuestionBankItem', { implements: Node, description: 'A question facilitators can draw on.' })
export class QuestionBankItem extends LibraryItem {
  @Field(() => String) text: string;
  @Field(() => String, { description: 'What the question is for, e.g. "Evidence".' }) purpose: string;

  static from(e: QuestionBankItemEntity): QuestionBankItem {
    return Object.assign(new QuestionBankItem(), common('QuestionBankItem', e), {
      text: e.text,
      purpose: e.purpose,
    });
  }
}

@ObjectType('ReflectionPrompt', { implements: Node, description: 'A prompt that reflections answer.' })
export class ReflectionPrompt extends LibraryItem {
  @Field(() => String) text: string;

  static from(e: ReflectionPromptEntity): ReflectionPrompt {
    return Object.assign(new ReflectionPrompt(), common('ReflectionPrompt', e), { text: e.text });
  }
}

@ObjectType('Skill', { implements: Node, description: 'A facilitation skill staff are trained in.' })
export class Skill extends LibraryItem {
  @Field(() => String) name: string;
  @Field(() => String) description: string;

  static from(e: SkillEntity): Skill {
    return Object.assign(new Skill(), common('Skill', e), { name: e.name, description: e.description });
  }
}

export const NormConnection = ConnectionType(Norm, 'Norm');
export const RubricCriterionConnection = ConnectionType(RubricCriterion, 'RubricCriterion');
export const QuestionBankItemConnection = ConnectionType(QuestionBankItem, 'QuestionBankItem');
export const ReflectionPromptConnection = ConnectionType(ReflectionPrompt, 'ReflectionPrompt');
export const SkillConnection = ConnectionType(Skill, 'Skill');
