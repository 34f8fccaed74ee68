import type DataLoader from 'dataloader';
import type { RequestContext } from '../../graphql/context';
import { byIdOrNull, groupBy } from '../../graphql/loaders';
import { Mapping, Strategy } from './strategy.type';
import { strategyService } from './strategy.service';
import { mappingService } from './mapping.service';

export const strategyLoaders = {
  byId: (ctx: RequestContext): DataLoader<string, Strategy | null> =>
    ctx.loaders.loader('strategy.byId', async (ids) => {
      const rows = await (
        await strategyService.scopedQuery(ctx)
      )
        .andWhere('st.id = ANY(:ids)', { ids: [...ids] })
        .getMany();
      return byIdOrNull(ids, rows).map((e) => (e ? Strategy.from(e) : null));
    }),
  mappingsByStrategy: (ctx: RequestContext): DataLoader<string, Mapping[]> =>
    ctx.loaders.loader('mapping.byStrategy', async (ids) =>
      groupBy(ids, await mappingService.visibleFor(ctx, 'strategy_id', ids), (m) => m.strategyId).map((g) =>
        g.map(Mapping.from),
      ),
    ),
  mappingsByConversation: (ctx: RequestContext): DataLoader<string, Mapping[]> =>
    ctx.loaders.loader('mapping.byConversation', async (ids) =>
      groupBy(ids, await mappingService.visibleFor(ctx, 'conversation_id', ids), (m) => m.conversationId).map((g) =>
        g.map(Mapping.from),
      ),
    ),
};
