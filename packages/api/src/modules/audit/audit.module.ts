import type { ApiModule } from '../../graphql/module';
import { AuditEventEntity } from './audit-event.entity';
import { AuditResolver } from './audit.resolver';

export const auditModule: ApiModule = { name: 'audit', resolvers: [AuditResolver], entities: [AuditEventEntity] };
