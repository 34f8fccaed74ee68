import type { ApiModule } from '../../graphql/module';
import { MappingEntity } from './mapping.entity';
import { mappingService } from './mapping.service';
import { StrategyEntity } from './strategy.entity';
import { MappingResolver, StrategyResolver } from './strategy.resolver';
import { strategyService } from './strategy.service';

export const strategyModule: ApiModule = {
  name: 'strategy',
  resolvers: [StrategyResolver, MappingResolver],
  entities: [StrategyEntity, MappingEntity],
  nodes: {
    ImprovementStrategy: (ctx, id) => strategyService.findById(ctx, id),
    ConversationMapping: (ctx, id) => mappingService.findById(ctx, id),
  },
};
