import type { ApiModule } from '../../graphql/module';
import { AttendanceEntity, EvidenceEntity, SessionEntity } from './session.entity';
import { SessionResolver } from './session.resolver';
import { sessionService } from './session.service';

export const sessionModule: ApiModule = {
  name: 'session',
  resolvers: [SessionResolver],
  entities: [SessionEntity, AttendanceEntity, EvidenceEntity],
  nodes: { ConversationSession: (ctx, id) => sessionService.findById(ctx, id) },
};
