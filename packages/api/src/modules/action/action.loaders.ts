import type DataLoader from 'dataloader';
import type { RequestContext } from '../../graphql/context';
import { groupBy } from '../../graphql/loaders';
import { ActionDateChange, ActionItem } from './action.type';
import { actionService } from './action.service';
import { followThroughSettings, type FollowThroughSettings } from './follow-through-settings';
import { managerOf } from '../../graphql/context';

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

  /** Every recorded due-date change and completion correction of an action, oldest first. */
  dateChanges: (ctx: RequestContext): DataLoader<string, ActionDateChange[]> =>
    ctx.loaders.loader('action.dateChanges', async (ids) =>
      (await actionService.dateChanges(ctx, ids)).map((g) => g.map(ActionDateChange.from)),
    ),

  /** The caller's district's follow-through settings, read once per request. */
  settings: async (ctx: RequestContext): Promise<FollowThroughSettings> => {
    const p = ctx.principal;
    const districtId = p?.kind === 'staff' ? p.districtId : '';
    const loader = ctx.loaders.loader<FollowThroughSettings>('action.settings', async (ids) =>
      Promise.all(ids.map(async (id) => followThroughSettings(await managerOf(ctx), id))),
    );
    return loader.load(districtId);
  },
};
