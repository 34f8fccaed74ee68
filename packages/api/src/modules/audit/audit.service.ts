import { AuditEventEntity, ActorKind } from './audit-event.entity';
import type { QueryDeepPartialEntity } from 'typeorm';
import type { Principal } from '../../auth/principal';
import { managerOf, type RequestContext } from '../../graphql/context';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  /** Names of the fields that were set or changed. Never their values: audit output must not carry text. */
  fields?: string[];
  /** Defaults to the caller's district; operators name the district they acted on. */
  districtId?: string;
}

const SECRET_FIELD = /password|token|secret|hash/i;

const ACTOR_KINDS: Record<Principal['kind'], ActorKind> = {
  operator: ActorKind.OPERATOR,
  staff: ActorKind.STAFF,
  client: ActorKind.CLIENT,
};

/** The audit row for an entry, acted by the caller (or the actor given). */
export function auditEvent(
  ctx: RequestContext,
  entry: AuditEntry,
  actor: Principal | null = ctx.principal,
): QueryDeepPartialEntity<AuditEventEntity> {
  const districtId = entry.districtId ?? (actor && actor.kind !== 'operator' ? actor.districtId : null);
  if (!districtId) throw new Error('audit event without a district');
  return {
    districtId,
    actorKind: actor ? ACTOR_KINDS[actor.kind] : ActorKind.SYSTEM,
    actorId: !actor
      ? null
      : actor.kind === 'operator'
        ? actor.operatorId
        : actor.kind === 'client'
          ? actor.clientId
          : actor.staffMemberId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    fields: (entry.fields ?? []).filter((f) => !SECRET_FIELD.test(f)).sort(),
    requestId: ctx.requestId,
    client: ctx.client?.slice(0, 200) ?? null,
  };
}

/**
 * Writes an audit event in the request's transaction: a change that rolls back leaves no audit behind. Acted by
 * the caller, or by the actor given (signing in and out name the person before the request has a principal).
 */
export async function recordAudit(
  ctx: RequestContext,
  entry: AuditEntry,
  actor: Principal | null = ctx.principal,
): Promise<void> {
  await (await managerOf(ctx)).insert(AuditEventEntity, auditEvent(ctx, entry, actor));
}

/**
 * Writes several audit events of the caller in one statement (a change that touches many records at once: a roster
 * import writes tens of thousands). The rows travel as one JSON parameter, so the statement's size does not grow with
 * them and building it costs nothing per row.
 */
export async function recordAudits(ctx: RequestContext, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await (
    await managerOf(ctx)
  ).query(
    `INSERT INTO audit_event (district_id, actor_kind, actor_id, action, entity_type, entity_id, fields, request_id, client)
     SELECT t."districtId", t."actorKind", t."actorId", t.action, t."entityType", t."entityId", t.fields, t."requestId", t.client
       FROM jsonb_to_recordset($1::jsonb) AS t("districtId" uuid, "actorKind" text, "actorId" uuid, action text,
            "entityType" text, "entityId" uuid, fields text[], "requestId" text, client text)`,
    [JSON.stringify(entries.map((entry) => auditEvent(ctx, entry)))],
  );
}

/** The names of the fields a new record was given a value for. */
export function providedFields(values: object): string[] {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k]) => k);
}

/** The names of the keys of a patch whose value was given (undefined means "leave as it is"). */
export function changedFields(patch: object): string[] {
  return Object.entries(patch)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
}
