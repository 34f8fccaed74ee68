import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { LocalDate } from '../../graphql/scalars';
import { PageArgs } from '../../graphql/connection';
import { SkillTraining } from './skill-training.type';

@InputType()
export class SkillTrainingFilter {
  @Field(() => ID, { nullable: true }) skillId?: string | null;
  @Field(() => ID, { nullable: true }) staffMemberId?: string | null;
}

@ArgsType()
export class SkillTrainingsArgs extends PageArgs {
  @Field(() => SkillTrainingFilter, { nullable: true }) filter?: SkillTrainingFilter | null;
}

@InputType({ description: 'Records a training; recording it again changes its date.' })
export class SkillTrainingRecordInput {
  @Field(() => ID) skillId: string;
  @Field(() => ID) staffMemberId: string;
  @Field(() => LocalDate, { description: 'YYYY-MM-DD; not in the future.' }) trainedOn: string;
}

@InputType()
export class SkillTrainingRemoveInput {
  @Field(() => ID) skillId: string;
  @Field(() => ID) staffMemberId: string;
}

@ObjectType()
export class SkillTrainingPayload {
  @Field(() => SkillTraining) skillTraining: SkillTraining;
}

@ObjectType()
export class SkillTrainingRemovePayload {
  @Field(() => SkillTraining, { description: 'The training as it was before it was removed.' })
  skillTraining: SkillTraining;
}
