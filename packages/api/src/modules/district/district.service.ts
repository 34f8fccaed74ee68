import { Limits, Permission, Role } from '@throughline/shared';
import { DistrictEntity, DistrictStatus } from './district.entity';
import { District } from './district.type';
import type { DistrictCreateInput, DistrictFilter, DistrictUpdateInput } from './district.input';
import { StaffMemberEntity } from '../staff/staff-member.entity';
import { CredentialEntity } from '../auth/credential.entity';
import { RoleAssignmentEntity } from '../role-assignment/role-assignment.entity';
import { hashPassword } from '../../auth/passwords';
import { seedDistrictDefaults } from '../library/library-defaults';
import { isAllowed, requireOperator } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { BadUserInputError, found, InputChecker, NotFoundError } from '../../graphql/errors';
import { email, isTimeZone, password, patchText, requiredText } from '../../graphql/validate';
import { containsPattern } from '../../graphql/search';
import { mapPage, OrderDirection, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';
import { updateVersioned } from '../../db/versioned';
import { changedFields, providedFields, recordAudit } from '../audit/audit.service';
import { keepLocalTimes } from './timezone-change';

/** What districtUpdate changes, with the district's domain id. */
export type DistrictUpdate = Omit<DistrictUpdateInput, 'id'> & { id: string };

/** A district after an update, with how many future sessions a time-zone change moved to keep their local time. */
export interface DistrictUpdated {
  district: District;
  sessionsMoved: number;
}

function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

function month(c: InputChecker, field: string, value: number | undefined | null): number | undefined {
  if (value == null) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > 12) c.add(field, 'A month from 1 to 12');
  return value;
}

export class DistrictService {
  /** Operators list every district; they see the district rows and nothing inside them. */
  async list(ctx: RequestContext, page: PageRequest, filter?: DistrictFilter): Promise<Page<District>> {
    requireOperator(ctx);
    const qb = (await managerOf(ctx)).createQueryBuilder(DistrictEntity, 'd');
    const search = containsPattern(filter?.search);
    if (search) qb.andWhere('(d.name ILIKE :search OR d.slug ILIKE :search)', { search });
    if (filter?.status) qb.andWhere('d.status = :status', { status: filter.status });
    return mapPage(
      await paginate(qb, page, { expression: 'lower(d.name)', direction: OrderDirection.ASC }),
      District.from,
    );
  }

  /** The caller's own district (staff, API client), or any district (operator). */
  async findEntity(ctx: RequestContext, id: string): Promise<DistrictEntity | null> {
    const p = ctx.principal;
    if (!p) return null;
    if (p.kind !== 'operator' && p.districtId !== id) return null;
    return (await managerOf(ctx)).findOne(DistrictEntity, { where: { id } });
  }

  async findById(ctx: RequestContext, id: string): Promise<District | null> {
    const e = await this.findEntity(ctx, id);
    return e ? District.from(e) : null;
  }

  async current(ctx: RequestContext): Promise<District | null> {
    const p = ctx.principal;
    if (!p || p.kind === 'operator') return null;
    const e = await this.findEntity(ctx, p.districtId);
    return e ? District.from(e) : null;
  }

  /** Provisions a tenant with its first district admin, in one transaction. */
  async create(ctx: RequestContext, input: DistrictCreateInput): Promise<District> {
    requireOperator(ctx);
    const c = new InputChecker();
    const name = requiredText(c, 'name', input.name, Limits.NAME_MAX);
    const slug = input.slug?.trim() ? input.slug.trim().toLowerCase() : slugify(name);
    if (name && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) c.add('slug', 'Lower-case letters, digits and single hyphens');
    if (!isTimeZone(input.timezone)) c.add('timezone', 'Not an IANA time zone');
    const startMonth = month(c, 'academicYearStartMonth', input.academicYearStartMonth) ?? 8;
    const admin = input.firstAdmin;
    const adminValues = {
      givenName: requiredText(c, 'firstAdmin.givenName', admin?.givenName, Limits.NAME_MAX),
      familyName: requiredText(c, 'firstAdmin.familyName', admin?.familyName, Limits.NAME_MAX),
      email: email(c, 'firstAdmin.email', admin?.email),
    };
    const adminPassword = password(c, 'firstAdmin.password', admin?.password);
    c.throwIfAny();
    const manager = await managerOf(ctx);
    if (await manager.exists(DistrictEntity, { where: { slug } })) {
      throw new BadUserInputError([{ field: 'slug', message: 'Another district has this short name' }]);
    }
    const district = await manager.save(
      DistrictEntity,
      manager.create(DistrictEntity, {
        name,
        slug,
        timezone: input.timezone,
        academicYearStartMonth: startMonth,
        status: DistrictStatus.ACTIVE,
      }),
    );
    // From here the transaction acts inside the new district, to create its first admin.
    await ctx.tx.assume({ districtId: district.id, platformOperator: true });
    const staff = await manager.save(
      StaffMemberEntity,
      manager.create(StaffMemberEntity, {
        ...adminValues,
        districtId: district.id,
        active: true,
        title: 'District administrator',
      }),
    );
    await manager.insert(CredentialEntity, {
      districtId: district.id,
      staffMemberId: staff.id,
      passwordHash: await hashPassword(adminPassword),
      passwordChangedAt: new Date(),
    });
    const assignment = await manager.save(
      RoleAssignmentEntity,
      manager.create(RoleAssignmentEntity, {
        districtId: district.id,
        staffMemberId: staff.id,
        role: Role.DISTRICT_ADMIN,
        schoolId: null,
      }),
    );
    await seedDistrictDefaults(manager, district.id);
    await recordAudit(ctx, {
      districtId: district.id,
      action: 'district.create',
      entityType: 'District',
      entityId: district.id,
      fields: ['academicYearStartMonth', 'name', 'slug', 'timezone'],
    });
    await recordAudit(ctx, {
      districtId: district.id,
      action: 'staffMember.create',
      entityType: 'StaffMember',
      entityId: staff.id,
      fields: providedFields(adminValues),
    });
    await recordAudit(ctx, {
      districtId: district.id,
      action: 'roleAssignment.create',
      entityType: 'RoleAssignment',
      entityId: assignment.id,
      fields: ['role', 'staffMemberId'],
    });
    return District.from(district);
  }

  /**
   * Operators change any district; a district admin changes their own district's settings, not its status. A new
   * time zone keeps future sessions at their local wall-clock time (timezone-change.ts).
   */
  async update(ctx: RequestContext, input: DistrictUpdate): Promise<DistrictUpdated> {
    const isOperator = ctx.principal?.kind === 'operator';
    const current = found(await this.findEntity(ctx, input.id), 'District');
    if (!isOperator && !isAllowed(ctx, [Permission.DISTRICT_SETTINGS_MANAGE])) throw new NotFoundError('District');
    const c = new InputChecker();
    if (input.status !== undefined && input.status !== null && !isOperator)
      c.add('status', 'Only platform operators change a district status');
    if (input.timezone != null && !isTimeZone(input.timezone)) c.add('timezone', 'Not an IANA time zone');
    const patch = {
      name: patchText(c, 'name', input.name, Limits.NAME_MAX),
      timezone: input.timezone ?? undefined,
      academicYearStartMonth: month(c, 'academicYearStartMonth', input.academicYearStartMonth),
      status: input.status ?? undefined,
    };
    c.throwIfAny();
    const manager = await managerOf(ctx);
    // The operator writes the district's own audit event, inside that district, for this transaction only.
    if (isOperator) await ctx.tx.assume({ districtId: current.id, platformOperator: true });
    const updated = await updateVersioned(manager, DistrictEntity, current, input.version, patch, 'District');
    await recordAudit(ctx, {
      districtId: current.id,
      action: 'district.update',
      entityType: 'District',
      entityId: current.id,
      fields: changedFields(patch),
    });
    const sessionsMoved = patch.timezone
      ? await keepLocalTimes(manager, current.id, current.timezone, patch.timezone)
      : 0;
    return { district: District.from(updated), sessionsMoved };
  }
}

export const districtService = new DistrictService();
