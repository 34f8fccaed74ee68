import type DataLoader from 'dataloader';
import type { RequestContext } from '../../graphql/context';
import { groupBy } from '../../graphql/loaders';
import { ActionItem } from './action.type';
import { actionService } from './action.service';

export const actionLoaders = {
  bySession: (ctx: RequestContext): DataLoader<string, ActionItem[]> =>
    ctx.loaders.loader('action.bySession', async (ids) => {
      const rows = await (
        await actionService.scopedQuery(ctx)
      )
        .andWhere('a.session_id = ANY(:sids)', { sids: [...ids] })
        .orderBy('a.due_on')
        .addOrderBy('a.id')
        .getMany();
      return groupBy(ids, rows, (r) => r.sessionId).map((g) => g.map(ActionItem.from));
    }),
};
