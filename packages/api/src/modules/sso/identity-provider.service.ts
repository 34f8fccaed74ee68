import { randomUUID } from 'node:crypto';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Limits, Permission, Role } from '@throughline/shared';
import { IdentityProviderEntity } from './identity-provider.entity';
import { IdentityProvider, SignInDistrict, SignInSettings, startPath } from './identity-provider.type';
import { FIXED_ISSUERS, IdentityMatching, IdentityProviderPreset, JitProvisioning, microsoftIssuer } from './presets';
import { sealSecret } from './secret-box';
import { forgetConfiguration } from './oidc-config';
import { requireGrant, requireStaff } from '../../auth/guard';
import { managerOf, type RequestContext, type SsoSettings } from '../../graphql/context';
import { ConflictError, ForbiddenError, found, InputChecker } from '../../graphql/errors';
import { patchText, requiredText } from '../../graphql/validate';
import { mapPage, OrderDirection, type Page } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { paginate, type PageRequest } from '../../db/paginate';
import { changedFields, providedFields, recordAudit } from '../audit/audit.service';
import { SchoolEntity } from '../school/school.entity';

export const DOMAINS_MAX = 20;
const ISSUER_MAX = 500;
const CLIENT_ID_MAX = 500;
const CLIENT_SECRET_MAX = 1000;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** The roles just-in-time provisioning may give: never a district admin. */
const PROVISIONABLE_ROLES: readonly Role[] = [Role.SCHOOL_LEADER, Role.COACH, Role.TEACHER];

/** What create and update take, with domain ids (the resolver decodes them). */
export interface IdentityProviderValues {
  name?: string;
  preset?: IdentityProviderPreset;
  issuer?: string | null;
  tenantId?: string | null;
  clientId?: string;
  clientSecret?: string | null;
  allowedDomains?: string[];
  matching?: IdentityMatching;
  provisioning?: JitProvisioning;
  defaultRole?: Role | null;
  defaultSchoolId?: string | null;
  enabled?: boolean;
}

export function ssoSettingsOf(ctx: RequestContext): SsoSettings {
  return {
    publicUrl: ctx.deps.sso?.publicUrl ?? null,
    secretsKey: ctx.deps.sso?.secretsKey ?? null,
    allowHttpIssuers: ctx.deps.sso?.allowHttpIssuers ?? false,
  };
}

/** An email domain as stored: lower case, without a leading @; null when it is not a domain name. */
export function normalDomain(value: string): string | null {
  const d = value.trim().toLowerCase().replace(/^@/, '');
  return DOMAIN.test(d) ? d : null;
}

function checkDomains(c: InputChecker, given: string[] | undefined): string[] | undefined {
  if (given === undefined) return undefined;
  const out: string[] = [];
  given.forEach((value, i) => {
    const d = normalDomain(value ?? '');
    if (!d) c.add(`allowedDomains.${i}`, 'Not a domain name (e.g. northfield.k12.us)');
    else if (!out.includes(d)) out.push(d);
  });
  if (out.length === 0 && given.length === 0) c.add('allowedDomains', 'Give at least one email domain');
  if (out.length > DOMAINS_MAX) c.add('allowedDomains', `At most ${DOMAINS_MAX} domains`);
  return out.sort();
}

/** A GENERIC issuer: https (http only for loopback hosts outside production), no query or fragment. */
function checkIssuerUrl(c: InputChecker, value: string, settings: SsoSettings): string {
  const v = requiredText(c, 'issuer', value, ISSUER_MAX);
  if (!v) return v;
  let url: URL | null = null;
  try {
    url = new URL(v);
  } catch {
    // reported below
  }
  if (!url || url.search || url.hash || url.username || url.password) {
    c.add('issuer', 'Not an issuer URL (e.g. https://sso.example.org)');
  } else if (
    url.protocol !== 'https:' &&
    !(url.protocol === 'http:' && settings.allowHttpIssuers && LOOPBACK.has(url.hostname))
  ) {
    c.add('issuer', 'The issuer must be an https:// URL');
  }
  return v;
}

/** The issuer a preset gives: fixed, built from the tenant (MICROSOFT), or the one given (GENERIC). */
function issuerFor(
  c: InputChecker,
  preset: IdentityProviderPreset,
  given: { issuer?: string | null; tenantId?: string | null },
  current: string | null,
  settings: SsoSettings,
): string | undefined {
  const fixed = FIXED_ISSUERS[preset];
  if (fixed) {
    if (given.issuer && given.issuer.trim().replace(/\/$/, '') !== fixed)
      c.add('issuer', `Fixed by the preset: ${fixed}`);
    if (given.tenantId) c.add('tenantId', 'Only for Microsoft Entra ID');
    return current === fixed ? undefined : fixed;
  }
  if (preset === IdentityProviderPreset.MICROSOFT) {
    if (given.issuer) c.add('issuer', 'Give the tenant id; the issuer follows from it');
    if (given.tenantId === undefined || given.tenantId === null) {
      if (current === null) c.add('tenantId', 'Required: the Entra ID tenant (directory) id');
      return undefined;
    }
    const tenant = given.tenantId.trim().toLowerCase();
    if (!UUID.test(tenant)) {
      c.add('tenantId', 'The tenant (directory) id is a uuid (Entra admin center, Overview)');
      return undefined;
    }
    return microsoftIssuer(tenant);
  }
  if (given.tenantId) c.add('tenantId', 'Only for Microsoft Entra ID');
  if (given.issuer === undefined || (given.issuer === null && current !== null)) {
    if (current === null) c.add('issuer', 'Required');
    return undefined;
  }
  return checkIssuerUrl(c, given.issuer ?? '', settings);
}

/**
 * District admins configure their district's identity providers (IDENTITY_PROVIDER_MANAGE, district-wide) and
 * whether passwords still sign in. Every change is audited (the secret's field name only, never its value).
 */
export class IdentityProviderService {
  private async scoped(ctx: RequestContext): Promise<SelectQueryBuilder<IdentityProviderEntity>> {
    if (!requireGrant(ctx, Permission.IDENTITY_PROVIDER_MANAGE).districtWide) throw new ForbiddenError();
    const districtId = requireStaff(ctx).districtId;
    return (await managerOf(ctx))
      .createQueryBuilder(IdentityProviderEntity, 'p')
      .where('p.district_id = :districtId', { districtId });
  }

  async list(ctx: RequestContext, page: PageRequest): Promise<Page<IdentityProvider>> {
    const qb = await this.scoped(ctx);
    const result = await paginate(qb, page, { expression: 'lower(p.name)', direction: OrderDirection.ASC });
    return mapPage(result, IdentityProvider.from);
  }

  private async findEntity(ctx: RequestContext, id: string): Promise<IdentityProviderEntity | null> {
    return (await this.scoped(ctx)).andWhere('p.id = :id', { id }).getOne();
  }

  async findById(ctx: RequestContext, id: string): Promise<IdentityProvider | null> {
    const e = await this.findEntity(ctx, id);
    return e ? IdentityProvider.from(e) : null;
  }

  async create(ctx: RequestContext, input: IdentityProviderValues): Promise<IdentityProvider> {
    await this.scoped(ctx);
    const { districtId } = requireStaff(ctx);
    const settings = ssoSettingsOf(ctx);
    const c = new InputChecker();
    const preset = input.preset ?? IdentityProviderPreset.GENERIC;
    const values = {
      name: requiredText(c, 'name', input.name, Limits.NAME_MAX),
      preset,
      issuer: issuerFor(c, preset, input, null, settings) ?? '',
      clientId: requiredText(c, 'clientId', input.clientId, CLIENT_ID_MAX),
      allowedDomains: checkDomains(c, input.allowedDomains ?? []) ?? [],
      matching: input.matching ?? IdentityMatching.VERIFIED_EMAIL,
      provisioning: input.provisioning ?? JitProvisioning.OFF,
      enabled: input.enabled ?? true,
    };
    const manager = await managerOf(ctx);
    const jit = await this.checkProvisioning(manager, c, districtId, values.provisioning, input, null);
    const secret = this.checkSecret(c, input.clientSecret, settings);
    await this.checkNameFree(manager, c, districtId, values.name, null);
    c.throwIfAny();
    const id = randomUUID();
    await manager.insert(IdentityProviderEntity, {
      ...values,
      ...jit,
      id,
      districtId,
      clientSecretSealed: secret ? sealSecret(settings.secretsKey!, districtId, id, secret) : null,
      version: 1,
    });
    await recordAudit(ctx, {
      action: 'identityProvider.create',
      entityType: 'IdentityProvider',
      entityId: id,
      fields: [...providedFields({ ...values, ...jit }), ...(secret ? ['clientSecret'] : [])],
    });
    return IdentityProvider.from(await this.reload(manager, districtId, id));
  }

  async update(
    ctx: RequestContext,
    id: string,
    version: number,
    input: IdentityProviderValues,
  ): Promise<IdentityProvider> {
    const current = found(await this.findEntity(ctx, id), 'IdentityProvider');
    const settings = ssoSettingsOf(ctx);
    const c = new InputChecker();
    const provisioning = input.provisioning ?? current.provisioning;
    const patch = {
      name: patchText(c, 'name', input.name, Limits.NAME_MAX),
      issuer: issuerFor(c, current.preset, input, current.issuer, settings),
      clientId: patchText(c, 'clientId', input.clientId, CLIENT_ID_MAX),
      allowedDomains: checkDomains(c, input.allowedDomains ?? undefined),
      matching: input.matching ?? undefined,
      provisioning: input.provisioning ?? undefined,
      enabled: input.enabled ?? undefined,
    };
    const manager = await managerOf(ctx);
    const jitChanged =
      input.provisioning !== undefined || input.defaultRole !== undefined || input.defaultSchoolId !== undefined;
    const jit = jitChanged
      ? await this.checkProvisioning(manager, c, current.districtId, provisioning, input, current)
      : {};
    const secret = input.clientSecret === undefined ? null : this.checkSecret(c, input.clientSecret, settings);
    if (patch.name) await this.checkNameFree(manager, c, current.districtId, patch.name, current.id);
    if (patch.enabled === false && current.enabled)
      await this.checkNotLastWhilePasswordsOff(manager, c, current, 'enabled');
    c.throwIfAny();
    if (current.version !== version) throw new ConflictError('IdentityProvider');
    const set: Record<string, unknown> = Object.fromEntries(
      Object.entries({ ...patch, ...jit }).filter(([, v]) => v !== undefined),
    );
    if (secret) set.clientSecretSealed = sealSecret(settings.secretsKey!, current.districtId, current.id, secret);
    const result = await manager
      .createQueryBuilder()
      .update(IdentityProviderEntity)
      .set({ ...set, version: () => 'version + 1', updatedAt: () => 'now()' } as never)
      .where('district_id = :districtId AND id = :id AND version = :version', {
        districtId: current.districtId,
        id: current.id,
        version,
      })
      .execute();
    if (!result.affected) throw new ConflictError('IdentityProvider');
    forgetConfiguration(current.id);
    await recordAudit(ctx, {
      action: 'identityProvider.update',
      entityType: 'IdentityProvider',
      entityId: current.id,
      fields: [...changedFields({ ...patch, ...jit }), ...(secret ? ['clientSecret'] : [])],
    });
    return IdentityProvider.from(await this.reload(manager, current.districtId, current.id));
  }

  /** Deletes the provider and the subjects linked through it (people keep their records and history). */
  async delete(ctx: RequestContext, id: string): Promise<string> {
    const current = found(await this.findEntity(ctx, id), 'IdentityProvider');
    const manager = await managerOf(ctx);
    const c = new InputChecker();
    if (current.enabled) await this.checkNotLastWhilePasswordsOff(manager, c, current, 'id');
    c.throwIfAny();
    await manager.delete(IdentityProviderEntity, { districtId: current.districtId, id: current.id });
    forgetConfiguration(current.id);
    await recordAudit(ctx, { action: 'identityProvider.delete', entityType: 'IdentityProvider', entityId: current.id });
    return current.id;
  }

  async signInSettings(ctx: RequestContext): Promise<SignInSettings> {
    await this.scoped(ctx);
    const { districtId } = requireStaff(ctx);
    const [row]: { disabled: boolean }[] = await (
      await managerOf(ctx)
    ).query(`SELECT password_sign_in_disabled AS disabled FROM district WHERE id = $1`, [districtId]);
    return { passwordSignIn: !row?.disabled };
  }

  /** Turns passwords off (only once an enabled provider exists) or back on. Platform operators are unaffected. */
  async updateSignInSettings(ctx: RequestContext, passwordSignIn: boolean): Promise<SignInSettings> {
    await this.scoped(ctx);
    const { districtId } = requireStaff(ctx);
    const manager = await managerOf(ctx);
    if (!passwordSignIn) {
      const [{ n }]: { n: number }[] = await manager.query(
        `SELECT count(*)::int AS n FROM identity_provider WHERE district_id = $1 AND enabled`,
        [districtId],
      );
      new InputChecker()
        .check(n > 0, 'passwordSignIn', 'Add and enable an identity provider before turning passwords off')
        .throwIfAny();
    }
    const [, affected]: [unknown, number] = await manager.query(
      `UPDATE district SET password_sign_in_disabled = $2
        WHERE id = $1 AND password_sign_in_disabled IS DISTINCT FROM $2`,
      [districtId, !passwordSignIn],
    );
    if (affected) {
      await recordAudit(ctx, {
        action: passwordSignIn ? 'district.passwordSignInEnable' : 'district.passwordSignInDisable',
        entityType: 'District',
        entityId: districtId,
        fields: ['passwordSignIn'],
      });
    }
    return { passwordSignIn };
  }

  /**
   * What the sign-in page offers, before anyone signs in: for a district slug, that district; for an email, the
   * districts with an enabled provider for its domain. Only names, slugs and providers to choose from.
   */
  async signInOptions(
    ctx: RequestContext,
    email: string | null,
    districtSlug: string | null,
  ): Promise<SignInDistrict[]> {
    const slug = districtSlug?.trim().toLowerCase().slice(0, 100) || null;
    const at = (email ?? '').lastIndexOf('@');
    const domain = !slug && at > 0 ? normalDomain((email ?? '').slice(at + 1).slice(0, 253)) : null;
    if (!slug && !domain) return [];
    const rows: {
      district_id: string;
      district_name: string;
      district_slug: string;
      password_sign_in: boolean;
      provider_id: string | null;
      provider_name: string | null;
      preset: IdentityProviderPreset | null;
    }[] = await (await managerOf(ctx)).query(`SELECT * FROM sso_sign_in_options($1, $2)`, [slug, domain]);
    const districts = new Map<string, SignInDistrict>();
    for (const row of rows) {
      let district = districts.get(row.district_id);
      if (!district) {
        district = {
          name: row.district_name,
          slug: row.district_slug,
          passwordSignIn: row.password_sign_in,
          providers: [],
        };
        districts.set(row.district_id, district);
      }
      if (row.provider_id && row.provider_name && row.preset) {
        const id = toGlobalId('IdentityProvider', row.provider_id);
        district.providers.push({ id, name: row.provider_name, preset: row.preset, startUrl: startPath(id) });
      }
    }
    return [...districts.values()];
  }

  private checkSecret(c: InputChecker, given: string | null | undefined, settings: SsoSettings): string | null {
    const secret = given ?? '';
    if (!secret) return null;
    if (secret.length > CLIENT_SECRET_MAX) c.add('clientSecret', `At most ${CLIENT_SECRET_MAX} characters`);
    if (!settings.secretsKey) c.add('clientSecret', 'This server has no SECRETS_KEY to keep a client secret with');
    return secret;
  }

  /** DEFAULT_ROLE needs a role a provider may give (and a school for a teacher); the others take none. */
  private async checkProvisioning(
    manager: EntityManager,
    c: InputChecker,
    districtId: string,
    provisioning: JitProvisioning,
    input: IdentityProviderValues,
    current: IdentityProviderEntity | null,
  ): Promise<{ defaultRole: Role | null; defaultSchoolId: string | null }> {
    if (provisioning !== JitProvisioning.DEFAULT_ROLE) {
      if (input.defaultRole) c.add('defaultRole', 'Only for DEFAULT_ROLE provisioning');
      if (input.defaultSchoolId) c.add('defaultSchoolId', 'Only for DEFAULT_ROLE provisioning');
      return { defaultRole: null, defaultSchoolId: null };
    }
    const role = input.defaultRole === undefined ? (current?.defaultRole ?? null) : input.defaultRole;
    const schoolId = input.defaultSchoolId === undefined ? (current?.defaultSchoolId ?? null) : input.defaultSchoolId;
    if (!role) c.add('defaultRole', 'Required for DEFAULT_ROLE provisioning');
    else if (!PROVISIONABLE_ROLES.includes(role))
      c.add('defaultRole', 'A provider may give a school leader, coach or teacher role');
    if (role === Role.TEACHER && !schoolId) c.add('defaultSchoolId', 'A teacher is assigned to a school');
    if (schoolId && !(await manager.exists(SchoolEntity, { where: { id: schoolId, districtId } }))) {
      c.add('defaultSchoolId', 'No such school in this district');
    }
    return { defaultRole: role, defaultSchoolId: schoolId };
  }

  private async checkNameFree(
    manager: EntityManager,
    c: InputChecker,
    districtId: string,
    name: string,
    exceptId: string | null,
  ) {
    if (!name) return;
    const clash = await manager
      .createQueryBuilder(IdentityProviderEntity, 'p')
      .where('p.district_id = :districtId AND lower(p.name) = lower(:name)', { districtId, name })
      .andWhere(exceptId ? 'p.id <> :exceptId' : 'TRUE', { exceptId })
      .getExists();
    if (clash) c.add('name', 'Another identity provider of this district has this name');
  }

  /** With passwords off, the last enabled provider cannot go: nobody could sign in. */
  private async checkNotLastWhilePasswordsOff(
    manager: EntityManager,
    c: InputChecker,
    provider: IdentityProviderEntity,
    field: string,
  ): Promise<void> {
    const [{ disabled, others }]: { disabled: boolean; others: number }[] = await manager.query(
      `SELECT d.password_sign_in_disabled AS disabled,
              (SELECT count(*)::int FROM identity_provider p
                WHERE p.district_id = $1 AND p.enabled AND p.id <> $2) AS others
         FROM district d WHERE d.id = $1`,
      [provider.districtId, provider.id],
    );
    if (disabled && others === 0) {
      c.add(field, 'Passwords are off in this district: turn them back on before removing its last provider');
    }
  }

  private reload(manager: EntityManager, districtId: string, id: string): Promise<IdentityProviderEntity> {
    return manager.findOneOrFail(IdentityProviderEntity, { where: { districtId, id } });
  }
}

export const identityProviderService = new IdentityProviderService();
