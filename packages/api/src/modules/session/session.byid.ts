import type DataLoader from 'dataloader';
import type { RequestContext } from '../../graphql/context';
import { byIdOrNull } from '../../graphql/loaders';
import { Session } from './session.type';
import { sessionService } from './session.service';

export const sessionById = (ctx: RequestContext): DataLoader<string, Session | null> =>
  ctx.loaders.loader('session.byId', async (ids) => {
    const rows = await (
      await sessionService.scopedQuery(ctx)
    )
      .andWhere('s.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
    return byIdOrNull(ids, rows).map((e) => (e ? Session.from(e) : null));
  });
