import type DataLoader from 'dataloader';
import type { Role } from '@throughline/shared';
import type { RequestContext } from '../../graphql/context';
import { managerOf } from '../../graphql/context';
import { byIdOrNull, groupBy } from '../../graphql/loaders';
import { Conversation } from './conversation.type';
import { conversationService } from './conversation.service';
import { ParticipantEntity, ParticipantRoleEntity } from './conversation.entity';

export const conversationLoaders = {
  byId: (ctx: RequestContext): DataLoader<string, Conversation | null> =>
    ctx.loaders.loader('conversation.byId', async (ids) => {
      const rows = await (
        await conversationService.scopedQuery(ctx)
      )
        .andWhere('c.id = ANY(:ids)', { ids: [...ids] })
        .getMany();
      return byIdOrNull(ids, rows).map((e) => (e ? Conversation.from(e) : null));
    }),
  participantIds: (ctx: RequestContext): DataLoader<string, string[]> =>
    ctx.loaders.loader('conversation.participants', async (ids) => {
      const rows = await (
        await managerOf(ctx)
      )
        .createQueryBuilder(ParticipantEntity, 'p')
        .where('p.conversation_id = ANY(:ids)', { ids: [...ids] })
        .getMany();
      return groupBy(ids, rows, (r) => r.conversationId).map((g) => g.map((r) => r.staffMemberId));
    }),
  participantRoles: (ctx: RequestContext): DataLoader<string, Role[]> =>
    ctx.loaders.loader('conversation.participantRoles', async (ids) => {
      const rows = await (
        await managerOf(ctx)
      )
        .createQueryBuilder(ParticipantRoleEntity, 'p')
        .where('p.conversation_id = ANY(:ids)', { ids: [...ids] })
        .getMany();
      return groupBy(ids, rows, (r) => r.conversationId).map((g) => g.map((r) => r.role).sort());
    }),
  normIds: (ctx: RequestContext): DataLoader<string, string[]> =>
    ctx.loaders.loader('conversation.norms', async (ids) => {
      const rows: { conversation_id: string; norm_id: string }[] = await (
        await managerOf(ctx)
      ).query(
        `SELECT cn.conversation_id, cn.norm_id FROM conversation_norm cn JOIN norm n ON n.district_id = cn.district_id AND n.id = cn.norm_id
          WHERE cn.conversation_id = ANY($1) ORDER BY n.position`,
        [[...ids]],
      );
      return groupBy(ids, rows, (r) => r.conversation_id).map((g) => g.map((r) => r.norm_id));
    }),
};
