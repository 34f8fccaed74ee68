import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { isApiScope, Limits, Permission } from '@throughline/shared';
import { ApiClientEntity, ApiClientSecretEntity } from './api-client.entity';
import { ApiClient, ApiClientSecret } from './api-client.type';
import { hashClientSecret, newClientSecret, parseCidr } from './secrets';
import { requireGrant, requireStaff } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { ConflictError, ForbiddenError, found, InputChecker } from '../../graphql/errors';
import { optionalText, patchText, requiredText } from '../../graphql/validate';
import { mapPage, OrderDirection, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';
import { changedFields, providedFields, recordAudit } from '../audit/audit.service';
import { usageByDay, USAGE_DAYS_KEPT, type UsageDay } from '../rate-limit/usage';

export const SCOPES_MAX = 20;
export const ADDRESSES_MAX = 50;
export const GRACE_HOURS_MAX = 720;
const DESCRIPTION_MAX = 2000;

export interface ApiClientValues {
  name?: string;
  description?: string | null;
  scopes?: string[];
  allowedAddresses?: string[] | null;
  /** Domain id of the person who answers for the client. */
  ownerId?: string | null;
}

/** A client with a secret just made: the secret is in this answer and nowhere else, ever. */
export interface ClientWithSecret {
  client: ApiClient;
  secret: string;
}

function checkScopes(c: InputChecker, field: string, scopes: string[] | undefined): string[] | undefined {
  if (scopes === undefined) return undefined;
  const unique = [...new Set((scopes ?? []).map((s) => s.trim()))];
  if (unique.length === 0) c.add(field, 'Give at least one scope');
  if (unique.length > SCOPES_MAX) c.add(field, `At most ${SCOPES_MAX} scopes`);
  unique.forEach((s) => {
    if (!isApiScope(s)) c.add(field, `Unknown scope: ${s.slice(0, 40)}`);
  });
  return unique.sort();
}

function checkAddresses(c: InputChecker, field: string, given: string[] | null | undefined): string[] | undefined {
  if (given === undefined) return undefined;
  const list = given ?? [];
  if (list.length > ADDRESSES_MAX) c.add(field, `At most ${ADDRESSES_MAX} addresses`);
  const out: string[] = [];
  list.forEach((value, i) => {
    const cidr = parseCidr(value);
    if (!cidr) c.add(`${field}.${i}`, 'Not an IP address or CIDR block (e.g. 203.0.113.0/24)');
    else if (!out.includes(cidr)) out.push(cidr);
  });
  return out;
}

export class ApiClientService {
  /** The district's clients: only a district-wide API_CLIENT_MANAGE (district admins) reaches them. */
  async scoped(ctx: RequestContext): Promise<SelectQueryBuilder<ApiClientEntity>> {
    if (!requireGrant(ctx, Permission.API_CLIENT_MANAGE).districtWide) throw new ForbiddenError();
    const districtId = requireStaff(ctx).districtId;
    return (await managerOf(ctx))
      .createQueryBuilder(ApiClientEntity, 'c')
      .where('c.district_id = :districtId', { districtId });
  }

  async list(ctx: RequestContext, page: PageRequest, filter?: { active?: boolean }): Promise<Page<ApiClient>> {
    const qb = await this.scoped(ctx);
    if (filter?.active === true) qb.andWhere('c.revoked_at IS NULL');
    if (filter?.active === false) qb.andWhere('c.revoked_at IS NOT NULL');
    const result = await paginate(qb, page, {
      expression: 'c.created_at',
      direction: OrderDirection.DESC,
      timestamp: true,
    });
    return mapPage(result, ApiClient.from);
  }

  async findEntity(ctx: RequestContext, id: string): Promise<ApiClientEntity | null> {
    return (await this.scoped(ctx)).andWhere('c.id = :id', { id }).getOne();
  }

  async findById(ctx: RequestContext, id: string): Promise<ApiClient | null> {
    const e = await this.findEntity(ctx, id);
    return e ? ApiClient.from(e) : null;
  }

  /** The secrets of each client that still work (current, or rotated out and in their grace period). */
  async liveSecrets(ctx: RequestContext, clientIds: readonly string[]): Promise<ApiClientSecret[][]> {
    const districtId = requireStaff(ctx).districtId;
    const rows = await (
      await managerOf(ctx)
    )
      .createQueryBuilder(ApiClientSecretEntity, 's')
      .where('s.district_id = :districtId AND s.client_id = ANY(:ids)', { districtId, ids: [...clientIds] })
      .andWhere('s.revoked_at IS NULL AND (s.expires_at IS NULL OR s.expires_at > now())')
      .orderBy('s.created_at', 'DESC')
      .getMany();
    return clientIds.map((id) => rows.filter((r) => r.clientId === id).map(ApiClientSecret.from));
  }

  /**
   * The last `days` UTC days of each client's use (oldest first, a zero day where it made no request): district
   * admins only, like the clients themselves. 1 to USAGE_DAYS_KEPT days, the days kept.
   */
  async usage(ctx: RequestContext, clientIds: readonly string[], days: number): Promise<UsageDay[][]> {
    await this.scoped(ctx);
    const c = new InputChecker();
    c.check(
      Number.isInteger(days) && days >= 1 && days <= USAGE_DAYS_KEPT,
      'days',
      `A whole number of days from 1 to ${USAGE_DAYS_KEPT} (the days kept)`,
    );
    c.throwIfAny();
    return usageByDay(await managerOf(ctx), requireStaff(ctx).districtId, clientIds, days);
  }

  async create(ctx: RequestContext, input: ApiClientValues): Promise<ClientWithSecret> {
    await this.scoped(ctx);
    const staff = requireStaff(ctx);
    const c = new InputChecker();
    const values = {
      name: requiredText(c, 'name', input.name, Limits.NAME_MAX),
      description: optionalText(c, 'description', input.description, DESCRIPTION_MAX) ?? null,
      scopes: checkScopes(c, 'scopes', input.scopes ?? []) ?? [],
      allowedAddresses: checkAddresses(c, 'allowedAddresses', input.allowedAddresses ?? []) ?? [],
      ownerId: input.ownerId ?? staff.staffMemberId,
    };
    const manager = await managerOf(ctx);
    if (input.ownerId) await this.checkOwner(manager, c, staff.districtId, input.ownerId);
    c.throwIfAny();
    const inserted = await manager.save(
      ApiClientEntity,
      manager.create(ApiClientEntity, { ...values, districtId: staff.districtId }),
    );
    const secret = await this.addSecret(manager, staff.districtId, inserted.id);
    await recordAudit(ctx, {
      action: 'apiClient.create',
      entityType: 'ApiClient',
      entityId: inserted.id,
      fields: providedFields(values),
    });
    return { client: ApiClient.from(await this.reload(manager, staff.districtId, inserted.id)), secret };
  }

  async update(ctx: RequestContext, id: string, version: number, input: ApiClientValues): Promise<ApiClient> {
    const current = found(await this.findEntity(ctx, id), 'ApiClient');
    const c = new InputChecker();
    if (current.revokedAt) c.add('id', 'This client is revoked; create a new one');
    const patch = {
      name: patchText(c, 'name', input.name, Limits.NAME_MAX),
      description: optionalText(c, 'description', input.description, DESCRIPTION_MAX),
      scopes: checkScopes(c, 'scopes', input.scopes ?? undefined),
      allowedAddresses: checkAddresses(c, 'allowedAddresses', input.allowedAddresses ?? undefined),
      ownerId: input.ownerId ?? undefined,
    };
    const manager = await managerOf(ctx);
    if (patch.ownerId) await this.checkOwner(manager, c, current.districtId, patch.ownerId);
    c.throwIfAny();
    if (current.version !== version) throw new ConflictError('ApiClient');
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const result = await manager
      .createQueryBuilder()
      .update(ApiClientEntity)
      .set({ ...set, version: () => 'version + 1', updatedAt: () => 'now()' } as never)
      .where('district_id = :districtId AND id = :id AND version = :version', {
        districtId: current.districtId,
        id: current.id,
        version,
      })
      .execute();
    if (!result.affected) throw new ConflictError('ApiClient');
    await recordAudit(ctx, {
      action: 'apiClient.update',
      entityType: 'ApiClient',
      entityId: current.id,
      fields: changedFields(patch),
    });
    return ApiClient.from(await this.reload(manager, current.districtId, current.id));
  }

  /**
   * A new secret; the ones that work now keep working for `graceHours` (none: they stop at once), so an integrator
   * can deploy the new secret before the old one ends. Tokens issued for a secret stop with it.
   */
  async rotateSecret(ctx: RequestContext, id: string, graceHours: number): Promise<ClientWithSecret> {
    const current = found(await this.findEntity(ctx, id), 'ApiClient');
    const c = new InputChecker();
    if (current.revokedAt) c.add('id', 'This client is revoked; create a new one');
    if (!Number.isInteger(graceHours) || graceHours < 0 || graceHours > GRACE_HOURS_MAX) {
      c.add('graceHours', `A whole number of hours from 0 to ${GRACE_HOURS_MAX}`);
    }
    c.throwIfAny();
    const manager = await managerOf(ctx);
    const params = { districtId: current.districtId, clientId: current.id };
    const live = `district_id = :districtId AND client_id = :clientId AND revoked_at IS NULL
      AND (expires_at IS NULL OR expires_at > now())`;
    if (graceHours === 0) {
      await manager
        .createQueryBuilder()
        .update(ApiClientSecretEntity)
        .set({ revokedAt: () => 'now()' } as never)
        .where(live, params)
        .execute();
    } else {
      // A secret already ending sooner keeps its earlier end.
      await manager
        .createQueryBuilder()
        .update(ApiClientSecretEntity)
        .set({
          // graceHours is a checked integer.
          expiresAt: () => `least(coalesce(expires_at, 'infinity'), now() + make_interval(hours => ${graceHours}))`,
        } as never)
        .where(live, params)
        .execute();
    }
    const secret = await this.addSecret(manager, current.districtId, current.id);
    await manager
      .createQueryBuilder()
      .update(ApiClientEntity)
      .set({ version: () => 'version + 1', updatedAt: () => 'now()' } as never)
      .where('district_id = :districtId AND id = :id', { districtId: current.districtId, id: current.id })
      .execute();
    await recordAudit(ctx, { action: 'apiClient.rotateSecret', entityType: 'ApiClient', entityId: current.id });
    return { client: ApiClient.from(await this.reload(manager, current.districtId, current.id)), secret };
  }

  /** Revoked at once: its secrets stop, and so does every token issued to it (checked on each request). */
  async revoke(ctx: RequestContext, id: string): Promise<ApiClient> {
    const current = found(await this.findEntity(ctx, id), 'ApiClient');
    if (current.revokedAt) return ApiClient.from(current);
    const manager = await managerOf(ctx);
    const key = { districtId: current.districtId, id: current.id };
    await manager
      .createQueryBuilder()
      .update(ApiClientEntity)
      .set({ revokedAt: () => 'now()', version: () => 'version + 1', updatedAt: () => 'now()' } as never)
      .where('district_id = :districtId AND id = :id', key)
      .execute();
    await manager
      .createQueryBuilder()
      .update(ApiClientSecretEntity)
      .set({ revokedAt: () => 'now()' } as never)
      .where('district_id = :districtId AND client_id = :id AND revoked_at IS NULL', key)
      .execute();
    await recordAudit(ctx, { action: 'apiClient.revoke', entityType: 'ApiClient', entityId: current.id });
    return ApiClient.from(await this.reload(manager, current.districtId, current.id));
  }

  private async addSecret(manager: EntityManager, districtId: string, clientId: string): Promise<string> {
    const secret = newClientSecret();
    await manager.insert(ApiClientSecretEntity, { districtId, clientId, secretHash: hashClientSecret(secret) });
    return secret;
  }

  private reload(manager: EntityManager, districtId: string, id: string): Promise<ApiClientEntity> {
    return manager.findOneOrFail(ApiClientEntity, { where: { districtId, id } });
  }

  /** The owner must be an active person of the district. */
  private async checkOwner(manager: EntityManager, c: InputChecker, districtId: string, ownerId: string) {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM staff_member WHERE district_id = $1 AND id = $2 AND active`,
      [districtId, ownerId],
    );
    if (rows.length === 0) c.add('ownerId', 'No active person with this id');
  }
}

export const apiClientService = new ApiClientService();
