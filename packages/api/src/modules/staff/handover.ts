import type { EntityManager } from 'typeorm';
import { facilitatesSql, ownsOpenActionSql, ownsOpenStrategySql } from './rules/handover';
import { ConversationEntity } from '../conversation/conversation.entity';
import { ActionEntity } from '../action/action.entity';
import { StrategyEntity } from '../strategy/strategy.entity';
import type { RequestContext } from '../../graphql/context';
import { recordAudits, type AuditEntry } from '../audit/audit.service';

/** How much work a person leaving still carries (rules/handover.ts). */
export interface WorkToHandOver {
  conversations: number;
  actions: number;
  strategies: number;
}

/** Each kind of work: its table, the rule that picks a person's share, and the column that names them. */
const KINDS = [
  { key: 'conversations', entity: ConversationEntity, where: facilitatesSql, column: 'facilitatorId' },
  { key: 'actions', entity: ActionEntity, where: ownsOpenActionSql, column: 'ownerId' },
  { key: 'strategies', entity: StrategyEntity, where: ownsOpenStrategySql, column: 'ownerId' },
] as const;

const AUDITED = {
  conversations: { action: 'conversation.update', entityType: 'LearningConversation' },
  actions: { action: 'actionItem.update', entityType: 'ActionItem' },
  strategies: { action: 'strategy.update', entityType: 'ImprovementStrategy' },
} as const;

export async function workToHandOver(
  manager: EntityManager,
  districtId: string,
  leaving: string,
): Promise<WorkToHandOver> {
  const work: WorkToHandOver = { conversations: 0, actions: 0, strategies: 0 };
  for (const k of KINDS) {
    work[k.key] = await manager
      .createQueryBuilder(k.entity, 'x')
      .where('x.district_id = :districtId', { districtId })
      .andWhere(k.where('x'), { leaving })
      .getCount();
  }
  return work;
}

/** One record a leaver carries (rules/handover.ts): what it is, its id, who carries it, and its title if it has one. */
export interface WorkItem {
  kind: 'conversations' | 'actions' | 'strategies';
  id: string;
  holderId: string;
  /** The conversation's or strategy's title; an action's due date (its description is not copied anywhere). */
  label: string;
}

/**
 * Every record the people leaving carry, in one query a kind (a roster import flags them: plan.ts). Actions are named
 * by their due date, never their description.
 */
export async function workItemsOf(
  manager: EntityManager,
  districtId: string,
  leaving: readonly string[],
): Promise<WorkItem[]> {
  if (!leaving.length) return [];
  const out: WorkItem[] = [];
  for (const k of KINDS) {
    const label = k.key === 'actions' ? `'Open action due ' || x.due_on::text` : 'x.title';
    const rows: { id: string; holder: string; label: string }[] = await manager
      .createQueryBuilder(k.entity, 'x')
      .select('x.id', 'id')
      .addSelect(`x.${k.key === 'conversations' ? 'facilitator_id' : 'owner_id'}`, 'holder')
      .addSelect(label, 'label')
      .where('x.district_id = :districtId', { districtId })
      .andWhere(k.where('x', true), { leaving: [...leaving] })
      .orderBy('x.id')
      .getRawMany();
    for (const r of rows) out.push({ kind: k.key, id: r.id, holderId: r.holder, label: r.label });
  }
  return out;
}

export function hasWork(work: WorkToHandOver): boolean {
  return work.conversations + work.actions + work.strategies > 0;
}

const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "Facilitates 2 active conversations and owns 3 open actions and 1 open strategy: name who takes over (...)". */
export function handoverNeeded(work: WorkToHandOver): string {
  const owns = [
    work.actions ? counted(work.actions, 'open action', 'open actions') : '',
    work.strategies ? counted(work.strategies, 'open strategy', 'open strategies') : '',
  ].filter(Boolean);
  const parts = [
    work.conversations
      ? `facilitates ${counted(work.conversations, 'active conversation', 'active conversations')}`
      : '',
    owns.length ? `owns ${owns.join(' and ')}` : '',
  ].filter(Boolean);
  const sentence = parts.join(' and ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}: name who takes over (handoverToId)`;
}

/**
 * Gives the work of `leaving` to `taking` in the request's transaction: they become the facilitator of the active
 * conversations (so they run and log the future sessions) and the owner of the open actions and strategies. Every
 * record moved gets a new version and its own audit event. Returns how many records moved.
 */
export async function handOver(
  ctx: RequestContext,
  manager: EntityManager,
  districtId: string,
  leaving: string,
  taking: string,
): Promise<number> {
  const audits: AuditEntry[] = [];
  for (const k of KINDS) {
    const moved = await manager
      .createQueryBuilder()
      .update(k.entity)
      .set({ [k.column]: taking, version: () => 'version + 1', updatedAt: () => 'now()' } as never)
      .where('district_id = :districtId', { districtId })
      .andWhere(k.where(), { leaving })
      .returning('id')
      .execute();
    for (const { id } of moved.raw as { id: string }[]) {
      audits.push({ ...AUDITED[k.key], entityId: id, fields: [k.column] });
    }
  }
  await recordAudits(ctx, audits);
  return audits.length;
}
