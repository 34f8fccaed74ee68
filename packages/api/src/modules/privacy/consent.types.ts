import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.type';
import { ConnectionType, PageArgs } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import type { LearnerConsentEntity } from './consent.entity';
import type { ConsentSettingRow } from './consent.service';

export enum ConsentScope {
  REMEMBER_AND_REFLECT = 'REMEMBER_AND_REFLECT',
}
registerEnumType(ConsentScope, {
  name: 'ConsentScope',
  description: 'What a recording may be used for.',
  valuesConfig: {
    REMEMBER_AND_REFLECT: {
      description:
        'Only so the teacher can recall what the learner said and think it over afterwards (alone or with a colleague); never to assess or grade the learner.',
    },
  },
});

@ObjectType('LearnerConsent', {
  implements: Node,
  description:
    "A learner's consent to a learning partnership conversation being recorded, and its withdrawal (docs/privacy.md). Learners are pseudonymous: the label, a student id (where the district allows them) and where the recording is kept are confidential, null outside the conversation's boundary.",
})
export class LearnerConsent extends Node {
  @Field(() => ConsentScope) scope: ConsentScope;
  @Field(() => Date, { description: 'When the learner (and guardian) agreed.' }) consentedAt: Date;
  @Field(() => String, {
    nullable: true,
    description: 'Who agreed besides the learner, as a relationship (e.g. parent); never a name.',
  })
  guardianRelationship: string | null;
  @Field(() => Date) recordedAt: Date;
  @Field(() => Date, { nullable: true }) withdrawnAt: Date | null;
  @Field(() => Boolean) withdrawn: boolean;
  @Field(() => Int, {
    nullable: true,
    description:
      'Texts of the session replaced when the consent was withdrawn (notes, check-in/out, reflection answers).',
  })
  textsPurged: number | null;
  @Field(() => Int, { description: 'Pass back with changes; a stale version is a CONFLICT.' }) version: number;
  @Field(() => Date) updatedAt: Date;
  entity: LearnerConsentEntity;

  static from(e: LearnerConsentEntity): LearnerConsent {
    return Object.assign(new LearnerConsent(), {
      id: toGlobalId('LearnerConsent', e.id),
      scope: e.scope as ConsentScope,
      consentedAt: e.consentedAt,
      guardianRelationship: e.guardianRelationship,
      recordedAt: e.recordedAt,
      withdrawnAt: e.withdrawnAt,
      withdrawn: e.withdrawnAt !== null,
      textsPurged: e.textsPurged,
      version: e.version,
      updatedAt: e.updatedAt,
      entity: e,
    });
  }
}

export const LearnerConsentConnection = ConnectionType(LearnerConsent, 'LearnerConsent');

@InputType()
export class LearnerConsentFilter {
  @Field(() => ID, { nullable: true }) sessionId?: string;
  @Field(() => Boolean, { nullable: true, description: 'true: withdrawn only; false: open only.' })
  withdrawn?: boolean | null;
}

@ArgsType()
export class LearnerConsentsArgs extends PageArgs {
  @Field(() => LearnerConsentFilter, { nullable: true }) filter?: LearnerConsentFilter;
}

@InputType('LearnerConsentRecordInput')
export class LearnerConsentRecordInput {
  @Field(() => ID, { description: 'The session of a learning partnership conversation.' }) sessionId: string;
  @Field(() => String, {
    description: 'A label you choose for the learner (initials, a nickname): not a name, an email or a student number.',
  })
  learnerLabel: string;
  @Field(() => String, { nullable: true, description: 'Only where the district allows student ids.' })
  studentId?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "Who agreed besides the learner (e.g. parent); required where the district asks for a guardian's consent.",
  })
  guardianRelationship?: string | null;
  @Field(() => ConsentScope, { defaultValue: ConsentScope.REMEMBER_AND_REFLECT }) scope: ConsentScope;
  @Field(() => Date) consentedAt: Date;
  @Field(() => String, {
    nullable: true,
    description:
      'Where the recording is kept (a file name or a link in your district’s storage); Throughline keeps no audio.',
  })
  recordingReference?: string | null;
}

@InputType('LearnerConsentRecordingSetInput')
export class LearnerConsentRecordingSetInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => String, { nullable: true, description: 'Null clears it.' }) recordingReference?: string | null;
}

@InputType('LearnerConsentWithdrawInput')
export class LearnerConsentWithdrawInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
}

@ObjectType('LearnerConsentPayload')
export class LearnerConsentPayload {
  @Field(() => LearnerConsent) consent: LearnerConsent;
}

@ObjectType('ConsentSettings', { description: 'How the district records learners’ consent.' })
export class ConsentSettings {
  @Field(() => Boolean, { description: "A guardian's consent is needed besides the learner's." })
  guardianRequired: boolean;
  @Field(() => Boolean, { description: 'Student ids may be recorded with a consent (otherwise labels only).' })
  studentIdsAllowed: boolean;
  @Field(() => Int, { description: 'Pass back with updates (0 before the first); a stale version is a CONFLICT.' })
  version: number;

  static from(row: ConsentSettingRow): ConsentSettings {
    return Object.assign(new ConsentSettings(), {
      guardianRequired: row.guardian_required,
      studentIdsAllowed: row.student_ids_allowed,
      version: row.version,
    });
  }
}

@InputType('ConsentSettingsUpdateInput')
export class ConsentSettingsUpdateInput {
  @Field(() => Int) version: number;
  @Field(() => Boolean, { nullable: true }) guardianRequired?: boolean | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Turning student ids off clears every student id recorded with a consent.',
  })
  studentIdsAllowed?: boolean | null;
}

@ObjectType('ConsentSettingsPayload')
export class ConsentSettingsPayload {
  @Field(() => ConsentSettings) consentSettings: ConsentSettings;
}
