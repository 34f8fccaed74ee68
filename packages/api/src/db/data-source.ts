import { DataSource } from 'typeorm';
import { DistrictEntity } from '../modules/district/district.entity';
import { SchoolEntity } from '../modules/school/school.entity';
import { StaffMemberEntity } from '../modules/staff/staff-member.entity';
import { RoleAssignmentEntity } from '../modules/role-assignment/role-assignment.entity';
import { CredentialEntity } from '../modules/auth/credential.entity';
import { OperatorRefreshTokenEntity, RefreshTokenEntity } from '../modules/auth/refresh-token.entity';
import { PlatformOperatorEntity } from '../modules/auth/platform-operator.entity';
import { AuditEventEntity } from '../modules/audit/audit-event.entity';
import { StrategyEntity } from '../modules/strategy/strategy.entity';
import { MappingEntity } from '../modules/strategy/mapping.entity';
import {
  ConversationEntity,
  ConversationNormEntity,
  ParticipantEntity,
  ParticipantRoleEntity,
} from '../modules/conversation/conversation.entity';
import { AttendanceEntity, EvidenceEntity, SessionEntity } from '../modules/session/session.entity';
import { RatingEntity } from '../modules/rating/rating.entity';
import { ActionEntity } from '../modules/action/action.entity';
import { ReflectionAnswerEntity, ReflectionEntity } from '../modules/reflection/reflection.entity';
import {
  DistrictSettingEntity,
  NormEntity,
  QuestionBankItemEntity,
  ReflectionPromptEntity,
  RubricCriterionEntity,
  SkillEntity,
  SkillTrainingEntity,
} from '../modules/library/library.entity';
import { Foundation1764000000000 } from './migrations/1764000000000-Foundation';
import { ImprovementDomain1764100000000 } from './migrations/1764100000000-ImprovementDomain';

export const ENTITIES = [
  DistrictEntity,
  SchoolEntity,
  StaffMemberEntity,
  RoleAssignmentEntity,
  CredentialEntity,
  RefreshTokenEntity,
  OperatorRefreshTokenEntity,
  PlatformOperatorEntity,
  AuditEventEntity,
  DistrictSettingEntity,
  NormEntity,
  RubricCriterionEntity,
  QuestionBankItemEntity,
  ReflectionPromptEntity,
  SkillEntity,
  SkillTrainingEntity,
  StrategyEntity,
  ConversationEntity,
  ParticipantEntity,
  ParticipantRoleEntity,
  ConversationNormEntity,
  MappingEntity,
  SessionEntity,
  AttendanceEntity,
  EvidenceEntity,
  RatingEntity,
  ActionEntity,
  ReflectionEntity,
  ReflectionAnswerEntity,
];

export const MIGRATIONS = [Foundation1764000000000, ImprovementDomain1764100000000];

export interface DataSourceOptions {
  url: string;
  poolMax: number;
  applicationName: string;
  statementTimeoutMs?: number;
}

/**
 * A TypeORM data source over a pg pool. The schema only ever comes from migrations; TypeORM's query cache stays
 * off, because it keys on SQL and parameters alone and would serve one district's rows to another.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    cache: false,
    logging: false,
    invalidWhereValuesBehavior: { null: 'throw', undefined: 'throw' },
    extra: {
      max: options.poolMax,
      application_name: options.applicationName,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
  });
}
