import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.type';
import { toGlobalId } from '../../graphql/global-id';
import type { ReflectionEntity } from './reflection.entity';

@ObjectType('ReflectionAnswer')
export class ReflectionAnswer {
  @Field(() => ID) promptId: string;
  @Field(() => String) prompt: string;
  @Field(() => String) answer: string;
}

@ObjectType('Reflection', {
  implements: Node,
  description: 'Private to its author unless shared; shared ones stay inside the boundary.',
})
export class Reflection extends Node {
  @Field(() => Boolean) shared: boolean;
  @Field(() => Boolean, { description: 'True when it is yours.' }) mine: boolean;
  @Field(() => Int) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  rawId: string;
  sessionRawId: string;
  authorRawId: string;

  static from(e: ReflectionEntity, selfId: string | null): Reflection {
    return Object.assign(new Reflection(), {
      id: toGlobalId('Reflection', e.id),
      rawId: e.id,
      sessionRawId: e.sessionId,
      authorRawId: e.authorId,
      shared: e.shared,
      mine: e.authorId === selfId,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
  }
}

@InputType()
export class ReflectionAnswerInput {
  @Field(() => ID) promptId: string;
  @Field(() => String) answer: string;
}

@InputType({ description: 'Saves your reflection on a held session you attended (replacing your earlier answers).' })
export class ReflectionSaveInput {
  @Field(() => ID) sessionId: string;
  @Field(() => [ReflectionAnswerInput]) answers: ReflectionAnswerInput[];
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Share with those inside the boundary.' })
  shared?: boolean;
}

/** What reflectionSave takes, as its resolver decodes it: the session's and the prompts' uuids. */
export interface ReflectionSave {
  sessionId: string;
  answers: { promptId: string; answer: string }[];
  shared?: boolean | null;
}

@ObjectType()
export class ReflectionPayload {
  @Field(() => Reflection) reflection: Reflection;
}
