import type { ApiModule } from '../../graphql/module';
import { AttendanceEntity, EvidenceEntity, SessionEntity } from './session.entity';
import { SessionResolver } from './session.resolver';
import { sessionService } from './session.service';
import { MISSED_SCAN_TASK, scanMissedSessions } from './missed-events';

export const sessionModule: ApiModule = {
  name: 'session',
  resolvers: [SessionResolver],
  entities: [SessionEntity, AttendanceEntity, EvidenceEntity],
  nodes: { ConversationSession: (ctx, id) => sessionService.findById(ctx, id) },
  jobs: {
    tasks: { [MISSED_SCAN_TASK]: scanMissedSessions },
    cron: [{ task: MISSED_SCAN_TASK, match: '*/10 * * * *' }],
  },
};
