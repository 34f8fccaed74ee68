import { EventType } from '@throughline/shared';
import { managerOf, type RequestContext } from '../../graphql/context';
import { recordAudits, type AuditEntry } from '../audit/audit.service';
import { emitEvent } from '../outbox/outbox';
import { revokeSessionsOf } from '../auth/refresh-tokens';
import { stopSchoolConversations } from '../conversation/school-closure';
import { CONVERSATIONS_OF_PEOPLE, CONVERSATIONS_OF_ROLE, refreshUpcomingExpected } from '../session/expected-record';
import type { RosterPlan } from './plan';

/**
 * Carries out a plan (plan.ts) in the caller's transaction, which the applying job owns: schools first (so new
 * staff can be given roles there), then people, then role assignments, then deactivations. Every record changed
 * gets its own audit event, acted by whoever confirmed the import, with the import as the request.
 */
export async function applyPlan(ctx: RequestContext, districtId: string, plan: RosterPlan): Promise<void> {
  const m = await managerOf(ctx);
  const audits: AuditEntry[] = [];
  const newSchool = new Map<string, string>();
  for (const s of plan.schools) {
    if (s.kind === 'create') {
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO school (district_id, name, code, roster_id, status) VALUES ($1, $2, $3, $4, 'ACTIVE') RETURNING id`,
        [districtId, s.values.name, s.values.code, s.values.rosterId],
      );
      newSchool.set(s.key, row.id);
      audits.push({
        action: 'school.create',
        entityType: 'School',
        entityId: row.id,
        fields: ['code', 'name', 'rosterId'],
      });
    } else {
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
  }

  const newStaff = new Map<string, string>();
  const leaving: string[] = [];
  for (const s of plan.staff) {
    const v = s.values;
    if (s.kind === 'create') {
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO staff_member (district_id, given_name, family_name, email, roster_id, active)
         VALUES ($1, $2, $3, $4, $5, true) RETURNING id`,
        [districtId, v.givenName, v.familyName, v.email, v.rosterId],
      );
      newStaff.set(s.key, row.id);
      audits.push({
        action: 'staffMember.create',
        entityType: 'StaffMember',
        entityId: row.id,
        fields: ['email', 'familyName', 'givenName', 'rosterId'],
      });
    } else if (s.kind === 'update') {
      await m.query(
        `UPDATE staff_member SET given_name = coalesce($3, given_name), family_name = coalesce($4, family_name),
                email = coalesce($5, email), roster_id = coalesce($6, roster_id),
                active = coalesce($7, active), deactivated_at = CASE WHEN $7 THEN NULL ELSE deactivated_at END,
                version = version + 1, updated_at = now()
          WHERE district_id = $1 AND id = $2`,
        [
          districtId,
          s.id,
          v.givenName ?? null,
          v.familyName ?? null,
          v.email ?? null,
          v.rosterId ?? null,
          v.active ?? null,
        ],
      );
      const fields = Object.keys(v).filter((k) => k !== 'active');
      if (fields.length)
        audits.push({ action: 'staffMember.update', entityType: 'StaffMember', entityId: s.id, fields });
      if (v.active) {
        audits.push({
          action: 'staffMember.reactivate',
          entityType: 'StaffMember',
          entityId: s.id,
          fields: ['active'],
        });
      }
    } else {
      await m.query(
        `UPDATE staff_member SET active = false, deactivated_at = now(), version = version + 1, updated_at = now()
          WHERE district_id = $1 AND id = $2 AND active`,
        [districtId, s.id],
      );
      await revokeSessionsOf(m, districtId, s.id!);
      leaving.push(s.id!);
      audits.push({ action: 'staffMember.deactivate', entityType: 'StaffMember', entityId: s.id, fields: ['active'] });
    }
  }

  const touchedRoles = new Map<string, [string, string | null]>();
  for (const a of plan.assignmentsEnded) {
    await m.query(
      `UPDATE role_assignment SET valid_to = now() WHERE district_id = $1 AND id = $2 AND valid_to IS NULL`,
      [districtId, a.id],
    );
    touchedRoles.set(`${a.role}:${a.schoolId ?? ''}`, [a.role, a.schoolId]);
    audits.push({
      action: 'roleAssignment.delete',
      entityType: 'RoleAssignment',
      entityId: a.id,
      fields: ['role', 'schoolId', 'staffMemberId'],
    });
  }
  for (const a of plan.assignmentsAdded) {
    const staffId = 'id' in a.staff ? a.staff.id : newStaff.get(a.staff.newKey)!;
    const schoolId = a.school ? ('id' in a.school ? a.school.id : newSchool.get(a.school.newKey)!) : null;
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO role_assignment (district_id, staff_member_id, role, school_id) VALUES ($1, $2, $3, $4) RETURNING id`,
      [districtId, staffId, a.role, schoolId],
    );
    touchedRoles.set(`${a.role}:${schoolId ?? ''}`, [a.role, schoolId]);
    audits.push({
      action: 'roleAssignment.create',
      entityType: 'RoleAssignment',
      entityId: row.id,
      fields: ['role', 'schoolId', 'staffMemberId'],
    });
  }
  // Who is expected at the sessions still to come (session/rules/expected.ts): the past keeps its people.
  for (const params of touchedRoles.values()) {
    await refreshUpcomingExpected(m, districtId, CONVERSATIONS_OF_ROLE, params);
  }
  if (leaving.length) await refreshUpcomingExpected(m, districtId, CONVERSATIONS_OF_PEOPLE, [leaving]);
  for (let i = 0; i < audits.length; i += 500) await recordAudits(ctx, audits.slice(i, i + 500));
  for (const id of leaving) {
    await emitEvent(
      ctx,
      EventType.STAFF_DEACTIVATED,
      { type: 'StaffMember', id, districtId },
      { deactivatedAt: new Date(), handoverToId: null },
    );
  }
}
