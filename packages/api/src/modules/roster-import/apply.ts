import { EventType } from '@throughline/shared';
import { managerOf, type RequestContext } from '../../graphql/context';
import { recordAudits, type AuditEntry } from '../audit/audit.service';
import { emitEvent } from '../outbox/outbox';
import { revokeSessionsOf } from '../auth/refresh-tokens';
import { stopSchoolConversations } from '../conversation/school-closure';
import { CONVERSATIONS_OF_PEOPLE, CONVERSATIONS_OF_ROLE, refreshUpcomingExpected } from '../session/expected-record';
import type { RosterPlan } from './plan';

/** Rows a set-based statement takes at once (arrays bound as parameters: one round trip per chunk). */
const CHUNK = 5_000;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** Above this many schools touched for one role, the upcoming sessions are refreshed once for the role everywhere. */
const REFRESH_PER_SCHOOL_MAX = 10;

/**
 * Carries out a plan (plan.ts) in the caller's transaction, which the applying job owns: schools first (so new
 * staff can be given roles there), then people, then role assignments, then deactivations. Creations, updates and
 * ends are set-based (a statement per few thousand rows: a 15,000-person roster applies in seconds, docs/oneroster.md
 * "Scale"). Every record changed gets its own audit event, acted by whoever confirmed the import, with the import as
 * the request. `onProgress` hears how many of the plan's changes (schools, people, role assignments) are done after
 * each batch: the job records it for the portal ("N of M").
 */
export async function applyPlan(
  ctx: RequestContext,
  districtId: string,
  plan: RosterPlan,
  onProgress?: (applied: number, total: number) => Promise<void>,
): Promise<void> {
  const m = await managerOf(ctx);
  const audits: AuditEntry[] = [];
  const total = plan.schools.length + plan.staff.length + plan.assignmentsEnded.length + plan.assignmentsAdded.length;
  let applied = 0;
  const advance = async (n: number) => {
    applied += n;
    if (onProgress) await onProgress(applied, total);
  };
  await advance(0);

  const newSchool = new Map<string, string>();
  const schoolsCreated = plan.schools.filter((s) => s.kind === 'create');
  for (const page of chunks(schoolsCreated)) {
    const rows: { id: string; roster_id: string }[] = await m.query(
      `INSERT INTO school (district_id, name, code, roster_id, status)
       SELECT $1, t.name, t.code, t.roster_id, 'ACTIVE' FROM unnest($2::text[], $3::text[], $4::text[]) AS t(name, code, roster_id)
       RETURNING id, roster_id`,
      [districtId, page.map((s) => s.values.name), page.map((s) => s.values.code), page.map((s) => s.values.rosterId)],
    );
    for (const row of rows) {
      newSchool.set(row.roster_id, row.id);
      audits.push({
        action: 'school.create',
        entityType: 'School',
        entityId: row.id,
        fields: ['code', 'name', 'rosterId'],
      });
    }
    await advance(page.length);
  }
  for (const s of plan.schools) {
    if (s.kind === 'create') continue;
    const v = s.values;
    await m.query(
      `UPDATE school SET name = coalesce($3, name), code = coalesce($4, code), roster_id = coalesce($5, roster_id),
              status = coalesce($6, status), version = version + 1, updated_at = now()
        WHERE district_id = $1 AND id = $2`,
      [districtId, s.id, v.name ?? null, v.code ?? null, v.rosterId ?? null, v.status ?? null],
    );
    audits.push({ action: 'school.update', entityType: 'School', entityId: s.id, fields: Object.keys(v) });
    if (s.kind === 'close') await stopSchoolConversations(ctx, districtId, s.id!);
  }
  await advance(plan.schools.length - schoolsCreated.length);

  const newStaff = new Map<string, string>();
  for (const page of chunks(plan.staff.filter((s) => s.kind === 'create'))) {
    const rows: { id: string; roster_id: string }[] = await m.query(
      `INSERT INTO staff_member (district_id, given_name, family_name, email, roster_id, active)
       SELECT $1, t.given_name, t.family_name, t.email, t.roster_id, true
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(given_name, family_name, email, roster_id)
       RETURNING id, roster_id`,
      [
        districtId,
        page.map((s) => s.values.givenName),
        page.map((s) => s.values.familyName),
        page.map((s) => s.values.email),
        page.map((s) => s.values.rosterId),
      ],
    );
    for (const row of rows) {
      newStaff.set(row.roster_id, row.id);
      audits.push({
        action: 'staffMember.create',
        entityType: 'StaffMember',
        entityId: row.id,
        fields: ['email', 'familyName', 'givenName', 'rosterId'],
      });
    }
    await advance(page.length);
  }
  const updates = plan.staff.filter((s) => s.kind === 'update');
  for (const page of chunks(updates)) {
    await m.query(
      `UPDATE staff_member sm SET given_name = coalesce(t.given_name, sm.given_name),
              family_name = coalesce(t.family_name, sm.family_name), email = coalesce(t.email, sm.email),
              roster_id = coalesce(t.roster_id, sm.roster_id), active = coalesce(t.active, sm.active),
              deactivated_at = CASE WHEN t.active THEN NULL ELSE sm.deactivated_at END,
              version = sm.version + 1, updated_at = now()
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[])
              AS t(id, given_name, family_name, email, roster_id, active)
        WHERE sm.district_id = $1 AND sm.id = t.id`,
      [
        districtId,
        page.map((s) => s.id),
        page.map((s) => s.values.givenName ?? null),
        page.map((s) => s.values.familyName ?? null),
        page.map((s) => s.values.email ?? null),
        page.map((s) => s.values.rosterId ?? null),
        page.map((s) => s.values.active ?? null),
      ],
    );
    await advance(page.length);
  }
  for (const s of updates) {
    const fields = Object.keys(s.values).filter((k) => k !== 'active');
    if (fields.length) audits.push({ action: 'staffMember.update', entityType: 'StaffMember', entityId: s.id, fields });
    if (s.values.active) {
      audits.push({ action: 'staffMember.reactivate', entityType: 'StaffMember', entityId: s.id, fields: ['active'] });
    }
  }
  const leaving = plan.staff.filter((s) => s.kind === 'deactivate').map((s) => s.id!);
  for (const page of chunks(leaving)) {
    await m.query(
      `UPDATE staff_member SET active = false, deactivated_at = now(), version = version + 1, updated_at = now()
        WHERE district_id = $1 AND id = ANY($2::uuid[]) AND active`,
      [districtId, page],
    );
    await advance(page.length);
  }
  for (const id of leaving) {
    await revokeSessionsOf(m, districtId, id);
    audits.push({ action: 'staffMember.deactivate', entityType: 'StaffMember', entityId: id, fields: ['active'] });
  }

  // Role assignments: ended as of now (effective-dated: the row stays, closed), then the new ones.
  const touchedRoles = new Map<string, Set<string | null>>();
  const touch = (role: string, schoolId: string | null) =>
    touchedRoles.set(role, (touchedRoles.get(role) ?? new Set()).add(schoolId));
  for (const page of chunks(plan.assignmentsEnded)) {
    await m.query(
      `UPDATE role_assignment SET valid_to = now() WHERE district_id = $1 AND id = ANY($2::uuid[]) AND valid_to IS NULL`,
      [districtId, page.map((a) => a.id)],
    );
    await advance(page.length);
  }
  for (const a of plan.assignmentsEnded) {
    touch(a.role, a.schoolId);
    audits.push({
      action: 'roleAssignment.delete',
      entityType: 'RoleAssignment',
      entityId: a.id,
      fields: ['role', 'schoolId', 'staffMemberId'],
    });
  }
  for (const page of chunks(plan.assignmentsAdded)) {
    const rows: { id: string; role: string; school_id: string | null }[] = await m.query(
      `INSERT INTO role_assignment (district_id, staff_member_id, role, school_id)
       SELECT $1, t.staff_member_id, t.role, t.school_id FROM unnest($2::uuid[], $3::text[], $4::uuid[]) AS t(staff_member_id, role, school_id)
       RETURNING id, role, school_id`,
      [
        districtId,
        page.map((a) => ('id' in a.staff ? a.staff.id : newStaff.get(a.staff.newKey)!)),
        page.map((a) => a.role),
        page.map((a) => (a.school ? ('id' in a.school ? a.school.id : newSchool.get(a.school.newKey)!) : null)),
      ],
    );
    for (const row of rows) {
      touch(row.role, row.school_id);
      audits.push({
        action: 'roleAssignment.create',
        entityType: 'RoleAssignment',
        entityId: row.id,
        fields: ['role', 'schoolId', 'staffMemberId'],
      });
    }
    await advance(page.length);
  }
  // Who is expected at the sessions still to come (session/rules/expected.ts): the past keeps its people. Many
  // schools of one role (a whole roster) refresh that role's conversations once, wherever they are.
  for (const [role, schools] of touchedRoles) {
    const targets = schools.size > REFRESH_PER_SCHOOL_MAX ? [null] : [...schools];
    for (const schoolId of targets) {
      await refreshUpcomingExpected(m, districtId, CONVERSATIONS_OF_ROLE, [role, schoolId]);
    }
  }
  if (leaving.length) await refreshUpcomingExpected(m, districtId, CONVERSATIONS_OF_PEOPLE, [leaving]);
  for (let i = 0; i < audits.length; i += CHUNK) await recordAudits(ctx, audits.slice(i, i + CHUNK));
  for (const id of leaving) {
    await emitEvent(
      ctx,
      EventType.STAFF_DEACTIVATED,
      { type: 'StaffMember', id, districtId },
      { deactivatedAt: new Date(), handoverToId: null },
    );
  }
}
