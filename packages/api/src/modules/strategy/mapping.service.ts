import { IsNull, type EntityManager } from 'typeorm';
import { Permission } from '@throughline/shared';
import { MappingEntity } from './mapping.entity';
import { Mapping } from './strategy.type';
import type { ConversationMappingCreateInput, ConversationMappingUpdateInput } from './strategy.input';
import { strategyService } from './strategy.service';
import { conversationService } from '../conversation/conversation.service';
import { scopeOf } from '../../auth/scope';
import { managerOf, type RequestContext } from '../../graphql/context';
import { BadUserInputError, found, InputChecker, NotFoundError } from '../../graphql/errors';
import { patchText, requiredText } from '../../graphql/validate';
import { updateVersioned } from '../../db/versioned';
import { CLOSE_ROW, currentSql } from '../../db/effective-dated';
import { changedFields, recordAudit } from '../audit/audit.service';

/** What conversationMappingCreate takes, with the strategy's and the conversation's domain ids. */
export type MappingCreate = Omit<ConversationMappingCreateInput, 'strategyId' | 'conversationId'> & {
  strategyId: string;
  conversationId: string;
};

/** What conversationMappingUpdate takes, with the mapping's domain id. */
export type MappingUpdate = Omit<ConversationMappingUpdateInput, 'id'> & { id: string };

/** Mapping a strategy to the conversations it depends on: managed by whoever manages the strategy. */
export class MappingService {
  /** Mappings the caller may read: those whose strategy and conversation they may both read. */
  async visibleFor(
    ctx: RequestContext,
    column: 'strategy_id' | 'conversation_id',
    ids: readonly string[],
  ): Promise<MappingEntity[]> {
    const strategies = (await strategyService.scopedQuery(ctx)).select('st.id');
    const conversations = (await conversationService.scopedQuery(ctx)).select('c.id');
    return (
      (await managerOf(ctx))
        .createQueryBuilder(MappingEntity, 'm')
        .where(`m.${column} = ANY(:ids)`, { ids: [...ids] })
        .andWhere(`m.strategy_id IN (${strategies.getQuery()})`)
        .andWhere(`m.conversation_id IN (${conversations.getQuery()})`)
        // An ended mapping is history (db/effective-dated.ts): the funnel reads it for the past; it is not listed.
        .andWhere(currentSql('m'))
        .setParameters({ ...strategies.getParameters(), ...conversations.getParameters() })
        .orderBy('m.created_at', 'ASC')
        .addOrderBy('m.id', 'ASC')
        .getMany()
    );
  }

  async findById(ctx: RequestContext, id: string): Promise<Mapping | null> {
    const manager = await managerOf(ctx);
    const row = await manager.findOne(MappingEntity, {
      where: { id, districtId: scopeOf(ctx, Permission.STRATEGY_READ).districtId, validTo: IsNull() },
    });
    if (!row) return null;
    const [visible] = await this.visibleFor(ctx, 'strategy_id', [row.strategyId]).then((rows) =>
      rows.filter((r) => r.id === id),
    );
    return visible ? Mapping.from(visible) : null;
  }

  async create(ctx: RequestContext, input: MappingCreate): Promise<Mapping> {
    const strategy = await strategyService.manageable(ctx, input.strategyId);
    const c = new InputChecker();
    const conversation = await conversationService.findEntity(ctx, input.conversationId);
    if (!conversation) c.add('conversationId', 'No such learning conversation');
    else if (strategy.schoolId && conversation.schoolId && conversation.schoolId !== strategy.schoolId) {
      c.add('conversationId', "A school's strategy maps its own school's or district-wide conversations");
    }
    const expectedChange = requiredText(c, 'expectedChange', input.expectedChange, 1000);
    c.throwIfAny();
    const manager = await managerOf(ctx);
    if (
      await manager.exists(MappingEntity, {
        where: {
          districtId: strategy.districtId,
          strategyId: strategy.id,
          conversationId: conversation!.id,
          validTo: IsNull(),
        },
      })
    ) {
      throw new BadUserInputError([
        { field: 'conversationId', message: 'This conversation is already mapped to this strategy' },
      ]);
    }
    const saved = await manager.save(
      MappingEntity,
      manager.create(MappingEntity, {
        districtId: strategy.districtId,
        strategyId: strategy.id,
        conversationId: conversation!.id,
        dimension: input.dimension,
        expectedChange,
        validFrom: await this.firstInEffect(manager, strategy.districtId, strategy.id, conversation!.id),
      }),
    );
    await recordAudit(ctx, {
      action: 'conversationMapping.create',
      entityType: 'ConversationMapping',
      entityId: saved.id,
      fields: ['conversationId', 'dimension', 'expectedChange', 'strategyId'],
    });
    return Mapping.from(await manager.findOneByOrFail(MappingEntity, { id: saved.id }));
  }

  /**
   * From when a new mapping is in effect (db/effective-dated.ts). A conversation's first mapping to a strategy
   * declares what the routine serves, usually after it has begun: it holds from the conversation's start (its
   * first session, or its creation if earlier), so its past sessions count for the strategy. Mapped again after an
   * unmapping, it holds from now: the gap stays in the record.
   */
  private async firstInEffect(
    manager: EntityManager,
    districtId: string,
    strategyId: string,
    conversationId: string,
  ): Promise<Date> {
    const [row]: { valid_from: Date }[] = await manager.query(
      `SELECT CASE WHEN EXISTS (SELECT 1 FROM conversation_mapping m
                                  WHERE m.district_id = $1 AND m.strategy_id = $2 AND m.conversation_id = $3)
                   THEN now()
                   ELSE least(now(), c.created_at,
                          (SELECT min(s.scheduled_at) FROM conversation_session s
                            WHERE s.district_id = $1 AND s.conversation_id = $3)) END AS valid_from
         FROM learning_conversation c WHERE c.district_id = $1 AND c.id = $3`,
      [districtId, strategyId, conversationId],
    );
    return row.valid_from;
  }

  private async manageable(ctx: RequestContext, id: string): Promise<MappingEntity> {
    const manager = await managerOf(ctx);
    const row = found(
      await manager.findOne(MappingEntity, {
        where: { id, districtId: scopeOf(ctx, Permission.STRATEGY_READ).districtId, validTo: IsNull() },
      }),
      'ConversationMapping',
    );
    await strategyService.manageable(ctx, row.strategyId).catch((error) => {
      throw error.extensions?.code === 'NOT_FOUND' ? new NotFoundError('ConversationMapping') : error;
    });
    return row;
  }

  async update(ctx: RequestContext, input: MappingUpdate): Promise<Mapping> {
    const current = await this.manageable(ctx, input.id);
    const c = new InputChecker();
    const patch = {
      dimension: input.dimension ?? undefined,
      expectedChange: patchText(c, 'expectedChange', input.expectedChange, 1000),
    };
    c.throwIfAny();
    const updated = await updateVersioned(
      await managerOf(ctx),
      MappingEntity,
      current,
      input.version,
      patch,
      'ConversationMapping',
    );
    await recordAudit(ctx, {
      action: 'conversationMapping.update',
      entityType: 'ConversationMapping',
      entityId: current.id,
      fields: changedFields(patch),
    });
    return Mapping.from(updated);
  }

  /**
   * Unmaps: the mapping is closed (valid_to = now), not deleted, so the sessions it covered keep counting for the
   * strategy in past windows (db/effective-dated.ts). Returns its domain id.
   */
  async delete(ctx: RequestContext, id: string): Promise<string> {
    const current = await this.manageable(ctx, id);
    await (
      await managerOf(ctx)
    )
      .createQueryBuilder()
      .update(MappingEntity)
      .set({ ...CLOSE_ROW, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('district_id = :d AND id = :id', { d: current.districtId, id: current.id })
      .execute();
    await recordAudit(ctx, {
      action: 'conversationMapping.delete',
      entityType: 'ConversationMapping',
      entityId: current.id,
      fields: ['conversationId', 'strategyId'],
    });
    return current.id;
  }
}

export const mappingService = new MappingService();
