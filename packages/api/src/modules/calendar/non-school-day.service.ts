import type { EntityManager } from 'typeorm';
import { CalendarLimits, NonSchoolDayKind, NonSchoolDaySource, Permission } from '@throughline/shared';
import { NonSchoolDayEntity } from './non-school-day.entity';
import { NonSchoolDay } from './non-school-day.type';
import type {
  NonSchoolDayCreateInput,
  NonSchoolDayUpdateInput,
  NonSchoolDaysImportInput,
} from './non-school-day.input';
import { parseICalendar, type ImportedDay } from './icalendar';
import { rescheduleForCalendar, type DayRange } from './reschedule';
import { DistrictEntity } from '../district/district.entity';
import { requireGrant, requireMember, requireStaff } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { BadUserInputError, ConflictError, ForbiddenError, found, InputChecker } from '../../graphql/errors';
import { patchText, requiredText } from '../../graphql/validate';
import { mapPage, OrderDirection, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';
import { changedFields, providedFields, recordAudit, recordAudits, type AuditEntry } from '../audit/audit.service';

/** What nonSchoolDayUpdate takes, with the day's domain id (decoded by the resolver). */
export type NonSchoolDayUpdate = Omit<NonSchoolDayUpdateInput, 'id'> & { id: string };

export interface SessionChanges {
  sessionsRemoved: number;
  sessionsScheduled: number;
}

const KINDS: readonly string[] = Object.values(NonSchoolDayKind);

function spanDays(first: string, last: string): number {
  return Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The range checks shared by create and update, on the range as it will be stored. */
function checkRange(c: InputChecker, startsOn: string, endsOn: string): void {
  if (endsOn < startsOn) c.add('endsOn', 'Must not be before the first day');
  else if (spanDays(startsOn, endsOn) > CalendarLimits.SPAN_DAYS_MAX)
    c.add('endsOn', `One entry covers at most ${CalendarLimits.SPAN_DAYS_MAX} days`);
}

function checkKind(c: InputChecker, kind: unknown): void {
  if (typeof kind !== 'string' || !KINDS.includes(kind)) c.add('kind', `One of ${KINDS.join(', ')}`);
}

export class NonSchoolDayService {
  /**
   * The caller's district, whose calendar anyone in it who reads the district's records may read: a person, or an API
   * client (every scope reads the district; the calendar holds nothing confidential).
   */
  private readerDistrict(ctx: RequestContext): string {
    const member = requireMember(ctx);
    requireGrant(ctx, Permission.DISTRICT_READ);
    return member.districtId;
  }

  /** The calendar is district-wide: only a district-wide grant of the district settings changes it. */
  private managedDistrict(ctx: RequestContext): string {
    const staff = requireStaff(ctx);
    if (!requireGrant(ctx, Permission.DISTRICT_SETTINGS_MANAGE).districtWide) throw new ForbiddenError();
    return staff.districtId;
  }

  private async scopedQuery(ctx: RequestContext, districtId: string = this.readerDistrict(ctx)) {
    return (await managerOf(ctx))
      .createQueryBuilder(NonSchoolDayEntity, 'n')
      .where('n.district_id = :districtId', { districtId });
  }

  /** The district's non-school days that touch the days `from`..`to` (either open), in date order. */
  async list(
    ctx: RequestContext,
    page: PageRequest,
    window: { from?: string | null; to?: string | null } = {},
  ): Promise<Page<NonSchoolDay>> {
    const qb = await this.scopedQuery(ctx);
    if (window.from) qb.andWhere('n.ends_on >= :from', { from: window.from });
    if (window.to) qb.andWhere('n.starts_on <= :to', { to: window.to });
    return mapPage(
      await paginate(qb, page, { expression: 'n.starts_on', direction: OrderDirection.ASC }),
      NonSchoolDay.from,
    );
  }

  async findById(ctx: RequestContext, id: string): Promise<NonSchoolDay | null> {
    const e = await (await this.scopedQuery(ctx)).andWhere('n.id = :id', { id }).getOne();
    return e ? NonSchoolDay.from(e) : null;
  }

  private async managedEntity(ctx: RequestContext, districtId: string, id: string): Promise<NonSchoolDayEntity> {
    const qb = await this.scopedQuery(ctx, districtId);
    return found(await qb.andWhere('n.id = :id', { id }).getOne(), 'NonSchoolDay');
  }

  /** Brings future sessions in line with the calendar on the days a change touched, and audits each move. */
  private async reschedule(
    ctx: RequestContext,
    manager: EntityManager,
    districtId: string,
    changed: DayRange[],
  ): Promise<SessionChanges> {
    const district = await manager.findOneByOrFail(DistrictEntity, { id: districtId });
    const { removed, added } = await rescheduleForCalendar(manager, districtId, district.timezone, changed);
    const entries: AuditEntry[] = [
      ...removed.map((r) => ({
        action: 'session.unscheduleNonSchoolDay',
        entityType: 'ConversationSession',
        entityId: r.sessionId,
        fields: ['scheduledAt'],
      })),
      ...added.map((a) => ({
        action: 'session.scheduleSchoolDay',
        entityType: 'ConversationSession',
        entityId: a.sessionId,
        fields: ['scheduledAt'],
      })),
    ];
    await recordAudits(ctx, entries);
    return { sessionsRemoved: removed.length, sessionsScheduled: added.length };
  }

  async create(
    ctx: RequestContext,
    input: NonSchoolDayCreateInput,
  ): Promise<SessionChanges & { nonSchoolDay: NonSchoolDay }> {
    const districtId = this.managedDistrict(ctx);
    const c = new InputChecker();
    const values = {
      startsOn: input.startsOn,
      endsOn: input.endsOn ?? input.startsOn,
      name: requiredText(c, 'name', input.name, CalendarLimits.NAME_MAX),
      kind: input.kind,
    };
    checkKind(c, values.kind);
    checkRange(c, values.startsOn, values.endsOn);
    c.throwIfAny();
    const manager = await managerOf(ctx);
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO non_school_day (district_id, starts_on, ends_on, name, kind, source)
       VALUES ($1, $2, $3, $4, $5, 'MANUAL') RETURNING id`,
      [districtId, values.startsOn, values.endsOn, values.name, values.kind],
    );
    await recordAudit(ctx, {
      action: 'nonSchoolDay.create',
      entityType: 'NonSchoolDay',
      entityId: id,
      fields: providedFields(values),
    });
    const changes = await this.reschedule(ctx, manager, districtId, [values]);
    return { nonSchoolDay: NonSchoolDay.from(await this.managedEntity(ctx, districtId, id)), ...changes };
  }

  async update(
    ctx: RequestContext,
    input: NonSchoolDayUpdate,
  ): Promise<SessionChanges & { nonSchoolDay: NonSchoolDay }> {
    const districtId = this.managedDistrict(ctx);
    const current = await this.managedEntity(ctx, districtId, input.id);
    const c = new InputChecker();
    if (input.startsOn === null) c.add('startsOn', 'Cannot be cleared');
    if (input.endsOn === null) c.add('endsOn', 'Cannot be cleared');
    if (input.kind === null) c.add('kind', 'Cannot be cleared');
    const patch = {
      startsOn: input.startsOn ?? undefined,
      endsOn: input.endsOn ?? undefined,
      name: patchText(c, 'name', input.name, CalendarLimits.NAME_MAX),
      kind: input.kind ?? undefined,
    };
    if (patch.kind !== undefined) checkKind(c, patch.kind);
    const startsOn = patch.startsOn ?? current.startsOn;
    const endsOn = patch.endsOn ?? current.endsOn;
    if (endsOn < startsOn && patch.endsOn === undefined) c.add('startsOn', 'Must not be after the last day');
    else checkRange(c, startsOn, endsOn);
    c.throwIfAny();
    if (current.version !== input.version) throw new ConflictError('NonSchoolDay');
    const manager = await managerOf(ctx);
    const result = await manager
      .createQueryBuilder()
      .update(NonSchoolDayEntity)
      .set({
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
        version: () => 'version + 1',
        updatedAt: () => 'now()',
      } as never)
      .where('district_id = :districtId AND id = :id AND version = :version', {
        districtId,
        id: current.id,
        version: input.version,
      })
      .execute();
    if (!result.affected) throw new ConflictError('NonSchoolDay');
    await recordAudit(ctx, {
      action: 'nonSchoolDay.update',
      entityType: 'NonSchoolDay',
      entityId: current.id,
      fields: changedFields(patch),
    });
    const changes = await this.reschedule(ctx, manager, districtId, [current, { startsOn, endsOn }]);
    return { nonSchoolDay: NonSchoolDay.from(await this.managedEntity(ctx, districtId, current.id)), ...changes };
  }

  async delete(
    ctx: RequestContext,
    input: { id: string; version?: number | null },
  ): Promise<SessionChanges & { deletedId: string }> {
    const districtId = this.managedDistrict(ctx);
    const current = await this.managedEntity(ctx, districtId, input.id);
    if (input.version != null && input.version !== current.version) throw new ConflictError('NonSchoolDay');
    const manager = await managerOf(ctx);
    await manager.query(`DELETE FROM non_school_day WHERE district_id = $1 AND id = $2`, [districtId, current.id]);
    await recordAudit(ctx, { action: 'nonSchoolDay.delete', entityType: 'NonSchoolDay', entityId: current.id });
    const changes = await this.reschedule(ctx, manager, districtId, [current]);
    return { deletedId: current.id, ...changes };
  }

  /**
   * Imports an iCalendar file (icalendar.ts): each event keyed by its UID is added, or updated when its dates or name
   * changed (its kind, which the district may have corrected, is kept), or left alone. `replaceImported` also deletes
   * imported days whose UID the file no longer has; days typed in are never touched. A file that cannot be used is
   * BAD_USER_INPUT on `icalendar`, and nothing is written.
   */
  async import(
    ctx: RequestContext,
    input: NonSchoolDaysImportInput,
  ): Promise<
    SessionChanges & {
      created: number;
      updated: number;
      unchanged: number;
      removed: number;
      nonSchoolDays: NonSchoolDay[];
    }
  > {
    const districtId = this.managedDistrict(ctx);
    const manager = await managerOf(ctx);
    const district = await manager.findOneByOrFail(DistrictEntity, { id: districtId });
    const parsed = parseICalendar(input.icalendar, district.timezone);
    if (!parsed.ok) throw new BadUserInputError([{ field: 'icalendar', message: parsed.message }], parsed.message);
    const days: ImportedDay[] = parsed.days;

    const existing = await manager
      .createQueryBuilder(NonSchoolDayEntity, 'n')
      .where('n.district_id = :districtId AND n.import_uid IS NOT NULL', { districtId })
      .getMany();
    const byUid = new Map(existing.map((e) => [e.importUid!, e]));
    const inFile = new Set(days.map((d) => d.uid));
    const changed: DayRange[] = [];
    const audits: AuditEntry[] = [];
    const fresh = days.filter((d) => !byUid.has(d.uid));
    let updated = 0;
    let unchanged = 0;

    for (const d of days) {
      const e = byUid.get(d.uid);
      if (!e) continue;
      const patch = {
        startsOn: d.startsOn !== e.startsOn ? d.startsOn : undefined,
        endsOn: d.endsOn !== e.endsOn ? d.endsOn : undefined,
        name: d.name !== e.name ? d.name : undefined,
      };
      if (changedFields(patch).length === 0) {
        unchanged++;
        continue;
      }
      await manager.query(
        `UPDATE non_school_day SET starts_on = $3, ends_on = $4, name = $5, source = 'ICALENDAR',
                version = version + 1, updated_at = now()
          WHERE district_id = $1 AND id = $2`,
        [districtId, e.id, d.startsOn, d.endsOn, d.name],
      );
      updated++;
      changed.push(e, d);
      audits.push({
        action: 'nonSchoolDay.import',
        entityType: 'NonSchoolDay',
        entityId: e.id,
        fields: changedFields(patch),
      });
    }
    if (fresh.length) {
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO non_school_day (district_id, starts_on, ends_on, name, kind, source, import_uid)
         SELECT $1, x.starts_on, x.ends_on, x.name, x.kind, '${NonSchoolDaySource.ICALENDAR}', x.uid
           FROM unnest($2::date[], $3::date[], $4::text[], $5::text[], $6::text[]) AS x(starts_on, ends_on, name, kind, uid)
         RETURNING id`,
        [
          districtId,
          fresh.map((d) => d.startsOn),
          fresh.map((d) => d.endsOn),
          fresh.map((d) => d.name),
          fresh.map((d) => d.kind),
          fresh.map((d) => d.uid),
        ],
      );
      changed.push(...fresh);
      for (const r of rows)
        audits.push({
          action: 'nonSchoolDay.import',
          entityType: 'NonSchoolDay',
          entityId: r.id,
          fields: ['startsOn', 'endsOn', 'name', 'kind'],
        });
    }
    let removed = 0;
    if (input.replaceImported) {
      const gone = existing.filter((e) => !inFile.has(e.importUid!));
      if (gone.length) {
        await manager.query(`DELETE FROM non_school_day WHERE district_id = $1 AND id = ANY($2::uuid[])`, [
          districtId,
          gone.map((e) => e.id),
        ]);
        removed = gone.length;
        changed.push(...gone);
        for (const e of gone)
          audits.push({ action: 'nonSchoolDay.delete', entityType: 'NonSchoolDay', entityId: e.id });
      }
    }
    await recordAudits(ctx, audits);
    const changes = await this.reschedule(ctx, manager, districtId, changed);
    const stored = await manager
      .createQueryBuilder(NonSchoolDayEntity, 'n')
      .where('n.district_id = :districtId AND n.import_uid = ANY(:uids)', { districtId, uids: [...inFile] })
      .orderBy('n.starts_on')
      .addOrderBy('n.name')
      .getMany();
    return {
      created: fresh.length,
      updated,
      unchanged,
      removed,
      nonSchoolDays: stored.map(NonSchoolDay.from),
      ...changes,
    };
  }
}

export const nonSchoolDayService = new NonSchoolDayService();
