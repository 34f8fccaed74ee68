import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ChangeDimension, StrategyKind, StrategyStatus } from '@throughline/shared';
import { Node } from '../../graphql/node.type';
import { ConnectionType } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import type { RawJson } from '../../graphql/raw-json';
import { LocalDate } from '../../graphql/scalars';
import type { StrategyEntity } from './strategy.entity';
import type { MappingEntity } from './mapping.entity';
import type { Conversation } from '../conversation/conversation.type';

registerEnumType(StrategyKind, { name: 'StrategyKind' });
registerEnumType(StrategyStatus, { name: 'StrategyStatus' });
registerEnumType(ChangeDimension, {
  name: 'ChangeDimension',
  description: 'What a conversation is expected to change.',
});

@ObjectType('ImprovementStrategy', {
  implements: Node,
  description: "A district's or a school's improvement strategy.",
})
export class Strategy extends Node {
  @Field(() => String) title: string;
  @Field(() => String, { description: 'The student-learning goal it serves.' }) goal: string;
  @Field(() => StrategyKind) kind: StrategyKind;
  @Field(() => StrategyStatus) status: StrategyStatus;
  @Field(() => LocalDate) startsOn: string;
  @Field(() => LocalDate, { nullable: true }) endsOn: string | null;
  @Field(() => String, { description: 'How success will be measured.' }) successMeasures: string;
  @Field(() => Boolean, { description: 'True for a district-wide strategy (no school).' }) districtWide: boolean;
  @Field(() => Int) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  rawId: string;
  schoolRawId: string | null;
  ownerRawId: string;
  /** Its mappings as the list's own statement read them ahead (strategy/read-ahead.ts); absent: the loader reads them. */
  ahead?: { mappings?: Mapping[]; mappingsText?: RawJson };

  static from(e: StrategyEntity): Strategy {
    return Object.assign(new Strategy(), {
      id: toGlobalId('ImprovementStrategy', e.id),
      rawId: e.id,
      schoolRawId: e.schoolId,
      ownerRawId: e.ownerId,
      title: e.title,
      goal: e.goal,
      kind: e.kind,
      status: e.status,
      startsOn: e.startsOn,
      endsOn: e.endsOn,
      successMeasures: e.successMeasures,
      districtWide: e.schoolId === null,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
  }
}

/**
 * The columns of `st` that build a strategy's own fields, by GraphQL field (dates as text). Its ids (and so
 * `districtWide`, and what its resolvers load: school, owner, mappings, funnel) are always selected.
 */
const STRATEGY_FIELD_COLUMNS: Record<string, string> = {
  title: 'st.title',
  goal: 'st.goal',
  kind: 'st.kind',
  status: 'st.status',
  startsOn: 'st.starts_on::text AS starts_on',
  endsOn: 'st.ends_on::text AS ends_on',
  successMeasures: 'st.success_measures',
  version: 'st.version',
  createdAt: 'st.created_at',
  updatedAt: 'st.updated_at',
};

const STRATEGY_IDS = 'st.id, st.school_id, st.owner_id';

/**
 * What a list of strategies selects of `st` to build each one (strategyFromRow): the columns of the fields named in
 * `fields` (a page's selection), or every column when `fields` is undefined. A page of titles reads no goal, no
 * success measures, and parses no timestamp.
 */
export function strategyColumnsFor(fields: ReadonlySet<string> | undefined): string {
  const columns = Object.entries(STRATEGY_FIELD_COLUMNS)
    .filter(([field]) => !fields || fields.has(field))
    .map(([, column]) => column);
  return [STRATEGY_IDS, ...columns].join(', ');
}

export interface StrategyRow {
  id: string;
  school_id: string | null;
  owner_id: string;
  title: string;
  goal: string;
  kind: StrategyKind;
  status: StrategyStatus;
  starts_on: string;
  ends_on: string | null;
  success_measures: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/**
 * A strategy from the columns strategyColumnsFor selected: what Strategy.from builds, no entity read (a field not
 * selected is left undefined: GraphQL never reads it).
 */
export function strategyFromRow(r: StrategyRow): Strategy {
  return Object.assign(new Strategy(), {
    id: toGlobalId('ImprovementStrategy', r.id),
    rawId: r.id,
    schoolRawId: r.school_id,
    ownerRawId: r.owner_id,
    title: r.title,
    goal: r.goal,
    kind: r.kind,
    status: r.status,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    successMeasures: r.success_measures,
    districtWide: r.school_id === null,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
}

export const StrategyConnection = ConnectionType(Strategy, 'ImprovementStrategy');

@ObjectType('ConversationMapping', {
  implements: Node,
  description: 'A strategy depends on a learning conversation, which is expected to change something.',
})
export class Mapping extends Node {
  @Field(() => ChangeDimension) dimension: ChangeDimension;
  @Field(() => String, { description: 'What should change, in a sentence.' }) expectedChange: string;
  @Field(() => Int) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  rawId: string;
  strategyRawId: string;
  conversationRawId: string;
  /** Its conversation as read ahead with it (strategy/read-ahead.ts); absent: the loader reads it. */
  ahead?: { conversation?: Conversation | null };

  static from(e: MappingEntity): Mapping {
    return Object.assign(new Mapping(), {
      id: toGlobalId('ConversationMapping', e.id),
      rawId: e.id,
      strategyRawId: e.strategyId,
      conversationRawId: e.conversationId,
      dimension: e.dimension,
      expectedChange: e.expectedChange,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
  }
}
