import { Field, ObjectType } from 'type-graphql';
import { LocalDate } from '../../graphql/scalars';
import { ConnectionType } from '../../graphql/connection';
import type { SkillTrainingEntity } from './library.entity';

/** That a person was trained in a skill, and when. `staffMember` and `skill` are resolved by field resolvers. */
@ObjectType('SkillTraining', { description: 'A person trained in a facilitation skill.' })
export class SkillTraining {
  @Field(() => LocalDate, { description: 'The day of the training (YYYY-MM-DD).' }) trainedOn: string;
  /** Raw uuids, for the field resolvers; not exposed. */
  skillId: string;
  staffMemberId: string;

  static from(e: SkillTrainingEntity): SkillTraining {
    return Object.assign(new SkillTraining(), {
      trainedOn: e.trainedOn,
      skillId: e.skillId,
      staffMemberId: e.staffMemberId,
    });
  }
}

export const SkillTrainingConnection = ConnectionType(SkillTraining, 'SkillTraining');
