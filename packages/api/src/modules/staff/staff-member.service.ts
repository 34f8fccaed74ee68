import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Limits, Permission, EventType } from '@throughline/shared';
import { StaffMemberEntity } from './staff-member.entity';
import { StaffMember } from './staff-member.type';
import {
  StaffMemberOrderField,
  type StaffMemberActivationInput,
  type StaffMemberCreateInput,
  type StaffMemberFilter,
  type StaffMemberOrder,
  type StaffMemberSetPasswordInput,
  type StaffMemberUpdateInput,
} from './staff-member.input';
import { CredentialEntity } from '../auth/credential.entity';
import { revokeSessionsOf } from '../auth/refresh-tokens';
import { hashPassword } from '../../auth/passwords';
import { requireGrant, requireMember, selfIdOf } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { BadUserInputError, ForbiddenError, found, InputChecker } from '../../graphql/errors';
import { email, optionalText, password, patchText, requiredText } from '../../graphql/validate';
import { containsPattern } from '../../graphql/search';
import { mapPage, OrderDirection, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';
import { updatedAtOrder, updatedSince } from '../../db/sync';
import { updateVersioned } from '../../db/versioned';
import { assertUnique } from '../../db/unique';
import { changedFields, providedFields, recordAudit } from '../audit/audit.service';
import { emitEvent, ref } from '../outbox/outbox';
import { handOver, handoverNeeded, hasWork, workToHandOver } from './handover';
import { CONVERSATIONS_OF_PEOPLE, refreshUpcomingExpected } from '../session/expected-record';
import { currentSql } from '../../db/effective-dated';

/** The staffMembers filter, with a domain school id (a malformed one is refused by the resolver). */
export type StaffMemberListFilter = Omit<StaffMemberFilter, 'schoolId'> & { schoolId?: string };

/** What staffMemberUpdate changes, with the person's domain id. */
export type StaffMemberUpdate = Omit<StaffMemberUpdateInput, 'id'> & { id: string };

/**
 * Which person to deactivate or reactivate (domain id), at the version the caller read, and on deactivation who
 * takes over their work (domain id; see handover.ts).
 */
export type StaffMemberActivation = Omit<StaffMemberActivationInput, 'id' | 'handoverToId'> & {
  id: string;
  handoverToId?: string;
};

/** Whose password to set (domain id), and the new password. */
export type StaffMemberSetPassword = Omit<StaffMemberSetPasswordInput, 'id'> & { id: string };

const ORDER: Record<StaffMemberOrderField, string> = {
  FAMILY_NAME: `lower(sm.family_name || ' ' || sm.given_name)`,
  GIVEN_NAME: `lower(sm.given_name || ' ' || sm.family_name)`,
  EMAIL: 'lower(sm.email)',
  CREATED_AT: 'sm.created_at',
  UPDATED_AT: 'sm.change_xid',
};

/**
 * The people the caller may read with a permission (StaffMemberService.scoped), as SQL over alias `sm` with its named
 * parameters, each name prefixed by `prefix` (so it can sit in a statement beside other scopes). FORBIDDEN without
 * the permission.
 */
export function staffReachSql(
  ctx: RequestContext,
  permission: Permission = Permission.STAFF_READ,
  prefix = '',
): { sql: string; params: Record<string, unknown> } {
  const staff = requireMember(ctx);
  const grant = requireGrant(ctx, permission);
  const [districtId, self, schools] = [`${prefix}districtId`, `${prefix}self`, `${prefix}scopeSchoolIds`];
  if (grant.districtWide) return { sql: `sm.district_id = :${districtId}`, params: { [districtId]: staff.districtId } };
  return {
    sql: `sm.district_id = :${districtId} AND (sm.id = :${self} OR EXISTS (SELECT 1 FROM role_assignment ra
            WHERE ra.district_id = sm.district_id AND ra.staff_member_id = sm.id AND ra.school_id = ANY(:${schools})
              AND ${currentSql('ra')}))`,
    params: { [districtId]: staff.districtId, [self]: selfIdOf(staff), [schools]: grant.schoolIds },
  };
}

export class StaffMemberService {
  /**
   * People the caller may read with a permission: the whole district; the people who hold any role at the
   * caller's schools; or only themself.
   */
  async scoped(
    ctx: RequestContext,
    permission: Permission = Permission.STAFF_READ,
  ): Promise<SelectQueryBuilder<StaffMemberEntity>> {
    const reach = staffReachSql(ctx, permission);
    return (await managerOf(ctx)).createQueryBuilder(StaffMemberEntity, 'sm').where(reach.sql, reach.params);
  }

  async list(
    ctx: RequestContext,
    page: PageRequest,
    filter?: StaffMemberListFilter,
    order?: StaffMemberOrder,
  ): Promise<Page<StaffMember>> {
    const qb = await this.scoped(ctx);
    const search = containsPattern(filter?.search);
    if (search) {
      qb.andWhere(`(sm.given_name || ' ' || sm.family_name ILIKE :search OR sm.email ILIKE :search)`, { search });
    }
    if (filter?.active != null) qb.andWhere('sm.active = :active', { active: filter.active });
    if (filter?.schoolId || filter?.role) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM role_assignment fra WHERE fra.district_id = sm.district_id AND fra.staff_member_id = sm.id AND ${currentSql('fra')}
           AND (CAST(:fSchool AS uuid) IS NULL OR fra.school_id = :fSchool) AND (CAST(:fRole AS text) IS NULL OR fra.role = :fRole))`,
        { fSchool: filter.schoolId ?? null, fRole: filter.role ?? null },
      );
    }
    updatedSince(qb, 'sm', filter?.updatedSince);
    const direction = order?.direction ?? OrderDirection.ASC;
    const result = await paginate(
      qb,
      page,
      order?.field === StaffMemberOrderField.UPDATED_AT
        ? updatedAtOrder(qb, 'sm', direction)
        : {
            expression: ORDER[order?.field ?? StaffMemberOrderField.FAMILY_NAME],
            direction,
            timestamp: order?.field === StaffMemberOrderField.CREATED_AT,
          },
    );
    return mapPage(result, StaffMember.from);
  }

  async findEntity(
    ctx: RequestContext,
    id: string,
    permission: Permission = Permission.STAFF_READ,
  ): Promise<StaffMemberEntity | null> {
    return (await this.scoped(ctx, permission)).andWhere('sm.id = :id', { id }).getOne();
  }

  async findById(ctx: RequestContext, id: string): Promise<StaffMember | null> {
    const entity = await this.findEntity(ctx, id);
    return entity ? StaffMember.from(entity) : null;
  }

  /** For writes: the record, if the caller may manage it; else NOT_FOUND (the same for other districts' ids). */
  private async manageable(ctx: RequestContext, id: string): Promise<StaffMemberEntity> {
    const grant = requireGrant(ctx, Permission.STAFF_MANAGE);
    if (!grant.districtWide) throw new ForbiddenError();
    return found(await this.findEntity(ctx, id, Permission.STAFF_MANAGE), 'StaffMember');
  }

  /** Email and roster id are unique in the district: say which one clashes. */
  private async assertFree(
    manager: EntityManager,
    districtId: string,
    email: string | undefined,
    rosterId: string | null | undefined,
    exceptId: string | null,
  ): Promise<void> {
    if (email) {
      await assertUnique(manager, StaffMemberEntity, 'staff_member_email_key', {
        districtId,
        condition: 'lower(x.email) = lower(:email)',
        params: { email },
        exceptId,
      });
    }
    if (rosterId) {
      await assertUnique(manager, StaffMemberEntity, 'staff_member_roster_id_key', {
        districtId,
        condition: 'x.roster_id = :rosterId',
        params: { rosterId },
        exceptId,
      });
    }
  }

  async create(ctx: RequestContext, input: StaffMemberCreateInput): Promise<StaffMember> {
    const staff = requireMember(ctx);
    if (!requireGrant(ctx, Permission.STAFF_MANAGE).districtWide) throw new ForbiddenError();
    const c = new InputChecker();
    const values = {
      givenName: requiredText(c, 'givenName', input.givenName, Limits.NAME_MAX),
      familyName: requiredText(c, 'familyName', input.familyName, Limits.NAME_MAX),
      email: email(c, 'email', input.email),
      title: optionalText(c, 'title', input.title, Limits.TITLE_MAX) ?? null,
      rosterId: optionalText(c, 'rosterId', input.rosterId, Limits.CODE_MAX) ?? null,
    };
    const pw = input.password == null || input.password === '' ? null : password(c, 'password', input.password);
    c.throwIfAny();
    const manager = await managerOf(ctx);
    await this.assertFree(manager, staff.districtId, values.email, values.rosterId, null);
    const saved = await manager.save(
      StaffMemberEntity,
      manager.create(StaffMemberEntity, { ...values, districtId: staff.districtId, active: true }),
    );
    if (pw) {
      await manager.insert(CredentialEntity, {
        districtId: staff.districtId,
        staffMemberId: saved.id,
        passwordHash: await hashPassword(pw),
        passwordChangedAt: new Date(),
      });
    }
    await recordAudit(ctx, {
      action: 'staffMember.create',
      entityType: 'StaffMember',
      entityId: saved.id,
      fields: providedFields(values),
    });
    return StaffMember.from(await manager.findOneByOrFail(StaffMemberEntity, { id: saved.id }));
  }

  async update(ctx: RequestContext, input: StaffMemberUpdate): Promise<StaffMember> {
    const current = await this.manageable(ctx, input.id);
    const c = new InputChecker();
    const patch = {
      givenName: patchText(c, 'givenName', input.givenName, Limits.NAME_MAX),
      familyName: patchText(c, 'familyName', input.familyName, Limits.NAME_MAX),
      email: input.email === undefined ? undefined : email(c, 'email', input.email),
      title: optionalText(c, 'title', input.title, Limits.TITLE_MAX),
      rosterId: optionalText(c, 'rosterId', input.rosterId, Limits.CODE_MAX),
    };
    c.throwIfAny();
    const manager = await managerOf(ctx);
    await this.assertFree(manager, current.districtId, patch.email, patch.rosterId, current.id);
    const updated = await updateVersioned(manager, StaffMemberEntity, current, input.version, patch, 'StaffMember');
    await recordAudit(ctx, {
      action: 'staffMember.update',
      entityType: 'StaffMember',
      entityId: current.id,
      fields: changedFields(patch),
    });
    return StaffMember.from(updated);
  }

  /**
   * Deactivation keeps the person and their history, ends their sessions, and stops them signing in. Work they still
   * carry (rules/handover.ts) is never left with nobody: without `handoverToId` it is refused, naming what needs a new
   * owner; with it, that person takes the work over in the same transaction.
   */
  async setActive(ctx: RequestContext, input: StaffMemberActivation, active: boolean): Promise<StaffMember> {
    const staff = requireMember(ctx);
    const current = await this.manageable(ctx, input.id);
    if (!active && current.id === selfIdOf(staff)) {
      throw new BadUserInputError([{ field: 'id', message: 'You cannot deactivate yourself' }]);
    }
    const manager = await managerOf(ctx);
    const work = active ? null : await workToHandOver(manager, current.districtId, current.id);
    if (!active) {
      const c = new InputChecker();
      if (input.handoverToId) {
        const taking = await manager.findOne(StaffMemberEntity, {
          where: { id: input.handoverToId, districtId: current.districtId },
        });
        if (!taking) c.add('handoverToId', 'No such person in this district');
        else if (taking.id === current.id) c.add('handoverToId', 'Choose someone other than the person leaving');
        else if (!taking.active) c.add('handoverToId', 'This person is inactive');
      } else if (work && hasWork(work)) {
        c.add('handoverToId', handoverNeeded(work));
      }
      c.throwIfAny();
    }
    const updated = await updateVersioned(
      manager,
      StaffMemberEntity,
      current,
      input.version,
      { active, deactivatedAt: active ? null : new Date() },
      'StaffMember',
    );
    if (!active) {
      await revokeSessionsOf(manager, current.districtId, current.id);
    }
    const handedOver =
      input.handoverToId && work && hasWork(work)
        ? await handOver(ctx, manager, current.districtId, current.id, input.handoverToId)
        : 0;
    // Who is expected changes for the sessions still to come only (session/rules/expected.ts): the past keeps them.
    await refreshUpcomingExpected(manager, current.districtId, CONVERSATIONS_OF_PEOPLE, [
      [current.id, ...(handedOver && input.handoverToId ? [input.handoverToId] : [])],
    ]);
    await recordAudit(ctx, {
      action: active ? 'staffMember.reactivate' : 'staffMember.deactivate',
      entityType: 'StaffMember',
      entityId: current.id,
      fields: handedOver ? ['active', 'handoverToId'] : ['active'],
    });
    if (!active && current.active)
      await emitEvent(
        ctx,
        EventType.STAFF_DEACTIVATED,
        { type: 'StaffMember', id: current.id, districtId: current.districtId },
        {
          deactivatedAt: updated.deactivatedAt,
          handoverToId: handedOver ? ref('StaffMember', input.handoverToId) : null,
        },
      );
    return StaffMember.from(updated);
  }

  /** An admin sets (or resets) someone's password; their open sessions end. */
  async setPassword(ctx: RequestContext, input: StaffMemberSetPassword): Promise<StaffMember> {
    const current = await this.manageable(ctx, input.id);
    const c = new InputChecker();
    const pw = password(c, 'password', input.password);
    c.throwIfAny();
    const manager = await managerOf(ctx);
    const passwordHash = await hashPassword(pw);
    await manager.upsert(
      CredentialEntity,
      { districtId: current.districtId, staffMemberId: current.id, passwordHash, passwordChangedAt: new Date() },
      ['districtId', 'staffMemberId'],
    );
    await revokeSessionsOf(manager, current.districtId, current.id);
    await recordAudit(ctx, {
      action: 'staffMember.setPassword',
      entityType: 'StaffMember',
      entityId: current.id,
      fields: ['credential'],
    });
    return StaffMember.from(current);
  }
}

export const staffMemberService = new StaffMemberService();
