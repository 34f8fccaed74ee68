import type { ApiModule } from '../../graphql/module';
import {
  ConversationEntity,
  ConversationNormEntity,
  ParticipantEntity,
  ParticipantRoleEntity,
} from './conversation.entity';
import { ConversationResolver } from './conversation.resolver';
import { conversationService } from './conversation.service';

export const conversationModule: ApiModule = {
  name: 'conversation',
  resolvers: [ConversationResolver],
  entities: [ConversationEntity, ParticipantEntity, ParticipantRoleEntity, ConversationNormEntity],
  nodes: { LearningConversation: (ctx, id) => conversationService.findById(ctx, id) },
};
