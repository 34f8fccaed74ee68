import type { ApiModule } from '../../graphql/module';
import { AuditEventEntity } from './audit-event.entity';
import { AuditResolver } from './audit.resolver';
import { ConfidentialReadEntity } from './confidential-read.entity';
import { ReadAuditResolver, ReflectionReadsResolver, SessionReadsResolver } from './read-audit.resolver';

export const auditModule: ApiModule = {
  name: 'audit',
  resolvers: [AuditResolver, ReadAuditResolver, ReflectionReadsResolver, SessionReadsResolver],
  entities: [AuditEventEntity, ConfidentialReadEntity],
};
