import type DataLoader from 'dataloader';
import type { RequestContext } from '../../graphql/context';
import { byIdOrNull } from '../../graphql/loaders';
import { School } from './school.type';
import { schoolService } from './school.service';

/** Per-request batch loaders of the school module. */
export const schoolLoaders = {
  /** Schools by id through the caller's scope; null where missing or out of reach. */
  byId: (ctx: RequestContext): DataLoader<string, School | null> =>
    ctx.loaders.loader('school.byId', async (ids) => {
      const qb = await schoolService.scopedQuery(ctx);
      const rows = await qb.andWhere('s.id = ANY(:ids)', { ids: [...ids] }).getMany();
      return byIdOrNull(ids, rows).map((e) => (e ? School.from(e) : null));
    }),
};
