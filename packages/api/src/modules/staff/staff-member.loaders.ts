import type DataLoader from 'dataloader';
import type { RequestContext } from '../../graphql/context';
import { byIdOrNull } from '../../graphql/loaders';
import { StaffMember } from './staff-member.type';
import { staffMemberService } from './staff-member.service';

/** Per-request batch loaders of the staff module. */
export const staffLoaders = {
  /** People by id through the caller's scope; null where missing or out of reach. */
  byId: (ctx: RequestContext): DataLoader<string, StaffMember | null> =>
    ctx.loaders.loader('staff.byId', async (ids) => {
      const qb = await staffMemberService.scoped(ctx);
      const rows = await qb.andWhere('sm.id = ANY(:ids)', { ids: [...ids] }).getMany();
      return byIdOrNull(ids, rows).map((e) => (e ? StaffMember.from(e) : null));
    }),
};
