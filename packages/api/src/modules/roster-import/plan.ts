import type { EntityManager } from 'typeorm';
import { Role } from '@throughline/shared';
import { currentSql } from '../../db/effective-dated';
import { ORGS, USERS, type ParsedRoster, type Problems, type UserRow } from './oneroster-parse';
import { handoverNeeded, workItemsOf, type WorkItem, type WorkToHandOver } from '../staff/handover';
import { RosterOrgType, type RoleMapping } from './role-mapping';

/**
 * From a parsed OneRoster file and the district as it is now, the plan: which schools and staff to create, update,
 * close or deactivate, which role assignments to add or end. The dry run stores its counts; applying computes it
 * again, in the applying transaction, and carries it out (apply.ts), so what is applied is what was previewed when
 * nothing changed in between. The role mapping is the district's (role-mapping.ts, docs/oneroster.md). Besides the
 * counts, the plan lists every change (`items`): the dry run's browsable list.
 */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NAME_MAX = 120;
const EMAIL_MAX = 254;
const CODE_MAX = 40;

/** OneRoster roles that are not staff: their users are skipped. */
const NOT_STAFF = new Set(['student', 'parent', 'guardian', 'relative']);
/** A value a spreadsheet would run as a formula (OWASP "CSV injection"): refused in names, never stored. */
const FORMULA = /^[=+\-@\t\r]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RosterCounts {
  schoolsCreated: number;
  schoolsUpdated: number;
  schoolsClosed: number;
  schoolsUnchanged: number;
  staffCreated: number;
  staffUpdated: number;
  staffDeactivated: number;
  staffUnchanged: number;
  /** People the file would deactivate who are district admins or the person applying: reported, not deactivated. */
  staffDeactivationsHeld: number;
  /** Active conversations, open actions and open strategies of the people deactivated: flagged for a new owner. */
  workToHandOver: number;
  roleAssignmentsAdded: number;
  roleAssignmentsEnded: number;
  /** Students, parents, guardians and relatives: not staff, not imported. */
  usersSkipped: number;
}

export const EMPTY_COUNTS: RosterCounts = {
  schoolsCreated: 0,
  schoolsUpdated: 0,
  schoolsClosed: 0,
  schoolsUnchanged: 0,
  staffCreated: 0,
  staffUpdated: 0,
  staffDeactivated: 0,
  staffUnchanged: 0,
  staffDeactivationsHeld: 0,
  workToHandOver: 0,
  roleAssignmentsAdded: 0,
  roleAssignmentsEnded: 0,
  usersSkipped: 0,
};

interface SchoolRow {
  id: string;
  name: string;
  code: string;
  roster_id: string | null;
  status: string;
}
interface StaffRow {
  id: string;
  given_name: string;
  family_name: string;
  email: string;
  roster_id: string | null;
  active: boolean;
}
interface AssignmentRow {
  id: string;
  staff_member_id: string;
  role: Role;
  school_id: string | null;
}

/** A school of the plan: an existing id, or a key for one the plan creates. */
export type SchoolRef = { id: string } | { newKey: string };

export interface SchoolChange {
  kind: 'create' | 'update' | 'close';
  id: string | null;
  key: string;
  values: { name?: string; code?: string; rosterId?: string; status?: 'ACTIVE' | 'CLOSED' };
}

export interface StaffChange {
  kind: 'create' | 'update' | 'deactivate';
  id: string | null;
  key: string;
  values: { givenName?: string; familyName?: string; email?: string; rosterId?: string; active?: boolean };
}

export interface AssignmentAdd {
  staff: { id: string } | { newKey: string };
  role: Role;
  school: SchoolRef | null;
}

export const PlanEntity = {
  SCHOOL: 'SCHOOL',
  STAFF: 'STAFF',
  ROLE_ASSIGNMENT: 'ROLE_ASSIGNMENT',
  CONVERSATION: 'CONVERSATION',
  ACTION: 'ACTION',
  STRATEGY: 'STRATEGY',
} as const;
export type PlanEntity = (typeof PlanEntity)[keyof typeof PlanEntity];
export const PlanAction = {
  CREATE: 'CREATE',
  UPDATE: 'UPDATE',
  CLOSE: 'CLOSE',
  DEACTIVATE: 'DEACTIVATE',
  HOLD: 'HOLD',
  ADD: 'ADD',
  END: 'END',
  /** A leaver's active conversation, open action or open strategy: it needs a new owner (staff handover). */
  HANDOVER: 'HANDOVER',
} as const;
export type PlanAction = (typeof PlanAction)[keyof typeof PlanAction];

/** One line of the plan's browsable list: what changes, for whom, and where in the files it comes from. */
export interface PlanItem {
  entity: PlanEntity;
  action: PlanAction;
  /** The roster id (sourcedId) of the school or person, when it has one. */
  sourcedId: string | null;
  /** The school's name, or the person's name and email. */
  name: string;
  /** The fields an update changes, the role and school of an assignment, or why a deactivation is held. */
  detail: string | null;
  file: string | null;
  line: number | null;
  /** HANDOVER: the conversation, action or strategy flagged (its domain id). */
  targetId?: string | null;
}

export interface RosterPlan {
  counts: RosterCounts;
  items: PlanItem[];
  schools: SchoolChange[];
  staff: StaffChange[];
  assignmentsAdded: AssignmentAdd[];
  /** Ids of current assignments to end. */
  assignmentsEnded: { id: string; role: Role; schoolId: string | null }[];
}

export interface PlanOptions {
  grantDistrictAdmin: boolean;
  /**
   * A bulk file also deactivates people who did not come from a roster (no roster id) and are not in it, and closes
   * such schools: the admin's choice, off by default (an import never touches records typed in by hand otherwise).
   */
  includeUnrostered: boolean;
  /** The district's role mapping (role-mapping.ts). */
  mapping: RoleMapping;
  /** The person applying (never deactivated by their own import). */
  actorStaffId: string | null;
}

export async function buildPlan(
  manager: EntityManager,
  districtId: string,
  roster: ParsedRoster,
  options: PlanOptions,
  problems: Problems,
): Promise<RosterPlan> {
  const counts: RosterCounts = { ...EMPTY_COUNTS };
  const items: PlanItem[] = [];
  const { mapping } = options;
  const managedRoles = mapping.managedSchoolRoles();
  const schoolsNow: SchoolRow[] = await manager.query(
    `SELECT id, name, code, roster_id, status FROM school WHERE district_id = $1`,
    [districtId],
  );
  const staffNow: StaffRow[] = await manager.query(
    `SELECT id, given_name, family_name, email, roster_id, active FROM staff_member WHERE district_id = $1`,
    [districtId],
  );
  const assignmentsNow: AssignmentRow[] = await manager.query(
    `SELECT ra.id, ra.staff_member_id, ra.role, ra.school_id FROM role_assignment ra
      WHERE ra.district_id = $1 AND ${currentSql('ra')}`,
    [districtId],
  );

  // ---- Schools: orgs of type school.
  const schoolByRoster = new Map(schoolsNow.filter((s) => s.roster_id).map((s) => [s.roster_id!, s]));
  // A school typed in by hand is in Throughline's own OneRoster export under its own id: that id matches it too.
  const schoolByOwnId = new Map(schoolsNow.filter((s) => !s.roster_id).map((s) => [s.id, s]));
  const schoolByRef = (id: string) => schoolByRoster.get(id) ?? (UUID.test(id) ? schoolByOwnId.get(id) : undefined);
  const schoolNames = new Map(schoolsNow.map((s) => [s.id, s.name]));
  const schoolByCode = new Map(schoolsNow.map((s) => [s.code, s]));
  const schoolOfOrg = new Map<string, SchoolRef>();
  const closingSchools = new Set<string>();
  const claimed = new Map<string, number>();
  const codesInFile = new Map<string, number>();
  const schools: SchoolChange[] = [];
  for (const org of roster.orgs.values()) {
    if (org.type !== 'school') continue;
    const code = org.identifier || org.sourcedId;
    if (code.length > CODE_MAX) continue;
    if (FORMULA.test(org.name)) {
      problems.error(ORGS, org.line, 'name', 'Starts like a spreadsheet formula (=, +, -, @): not a school name');
      continue;
    }
    const sameCode = codesInFile.get(code);
    if (sameCode !== undefined && org.status === 'active') {
      problems.error(ORGS, org.line, 'identifier', `Another school has the code "${code}" (line ${sameCode})`);
      continue;
    }
    if (org.status === 'active') codesInFile.set(code, org.line);
    let match = schoolByRef(org.sourcedId) ?? null;
    if (!match) {
      const byCode = schoolByCode.get(code);
      if (byCode && byCode.roster_id && byCode.roster_id !== org.sourcedId) {
        problems.error(
          ORGS,
          org.line,
          'identifier',
          `The school with code "${code}" came from another roster org ("${byCode.roster_id}")`,
        );
        continue;
      }
      match = byCode ?? null;
    }
    if (match) {
      const first = claimed.get(match.id);
      if (first !== undefined) {
        problems.error(ORGS, org.line, 'sourcedId', `Matches the same school as line ${first}`);
        continue;
      }
      claimed.set(match.id, org.line);
      schoolOfOrg.set(org.sourcedId, { id: match.id });
      if (org.status === 'tobedeleted') {
        closingSchools.add(match.id);
        if (match.status !== 'CLOSED') {
          schools.push({ kind: 'close', id: match.id, key: org.sourcedId, values: { status: 'CLOSED' } });
          items.push(schoolItem(PlanAction.CLOSE, org.sourcedId, match.name, null, org.line));
          counts.schoolsClosed++;
        } else counts.schoolsUnchanged++;
        continue;
      }
      const values: SchoolChange['values'] = {};
      if (match.name !== org.name) values.name = org.name;
      if (match.code !== code) {
        const other = schoolByCode.get(code);
        if (other && other.id !== match.id) {
          problems.error(ORGS, org.line, 'identifier', `Another school already has the code "${code}"`);
          continue;
        }
        values.code = code;
      }
      if (match.roster_id !== org.sourcedId && !(match.roster_id === null && match.id === org.sourcedId))
        values.rosterId = org.sourcedId;
      if (match.status !== 'ACTIVE') values.status = 'ACTIVE';
      if (Object.keys(values).length) {
        schools.push({ kind: 'update', id: match.id, key: org.sourcedId, values });
        items.push(schoolItem(PlanAction.UPDATE, org.sourcedId, org.name, changed(values), org.line));
        counts.schoolsUpdated++;
      } else counts.schoolsUnchanged++;
    } else if (org.status === 'active') {
      schools.push({
        kind: 'create',
        id: null,
        key: org.sourcedId,
        values: { name: org.name, code, rosterId: org.sourcedId },
      });
      schoolOfOrg.set(org.sourcedId, { newKey: org.sourcedId });
      items.push(schoolItem(PlanAction.CREATE, org.sourcedId, org.name, `code ${code}`, org.line));
      counts.schoolsCreated++;
    }
  }
  // Orgs named by users that the file does not hold: a school the district already has from an earlier file.
  const orgKnown = (id: string) => roster.orgs.has(id) || schoolByRef(id) !== undefined;
  for (const [id, s] of [...schoolByRoster, ...schoolByOwnId])
    if (!schoolOfOrg.has(id) && s.status === 'ACTIVE') schoolOfOrg.set(id, { id: s.id });
  // A bulk orgs.csv with "include records not from a roster": the district's other schools it does not name close.
  if (roster.orgsMode === 'bulk' && options.includeUnrostered) {
    for (const s of schoolsNow) {
      if (s.status === 'ACTIVE' && !s.roster_id && !claimed.has(s.id)) {
        schools.push({ kind: 'close', id: s.id, key: s.id, values: { status: 'CLOSED' } });
        items.push(schoolItem(PlanAction.CLOSE, null, s.name, 'not in the bulk orgs.csv', null));
        closingSchools.add(s.id);
        counts.schoolsClosed++;
      }
    }
  }
  const schoolNameOf = (ref: SchoolRef) =>
    'id' in ref ? (schoolNames.get(ref.id) ?? ref.id) : (roster.orgs.get(ref.newKey)?.name ?? ref.newKey);
  for (const org of roster.orgs.values()) {
    if (org.parentSourcedId && !orgKnown(org.parentSourcedId)) {
      problems.warning(ORGS, org.line, 'parentSourcedId', `No org "${org.parentSourcedId.slice(0, 40)}" in orgs.csv`);
    }
  }

  // ---- Staff: users with a staff role.
  const staffByRoster = new Map(staffNow.filter((s) => s.roster_id).map((s) => [s.roster_id!, s]));
  const staffByOwnId = new Map(staffNow.filter((s) => !s.roster_id).map((s) => [s.id, s]));
  const staffByEmail = new Map(staffNow.map((s) => [s.email.toLowerCase(), s]));
  const assignmentsOf = new Map<string, AssignmentRow[]>();
  for (const a of assignmentsNow)
    assignmentsOf.set(a.staff_member_id, [...(assignmentsOf.get(a.staff_member_id) ?? []), a]);
  const emailsInFile = new Map<string, number>();
  const claimedStaff = new Map<string, number>();
  const staff: StaffChange[] = [];
  const assignmentsAdded: AssignmentAdd[] = [];
  const assignmentsEnded: RosterPlan['assignmentsEnded'] = [];
  const toDeactivate: { row: StaffRow; file: string; line: number | null }[] = [];

  // Roles the file names at a school it closes: neither added nor ended (the closure itself stops the school's work).
  let atClosingSchool = new Set<string>();
  const desiredRoles = (user: UserRow): { role: Role; school: SchoolRef | null }[] => {
    const out: { role: Role; school: SchoolRef | null }[] = [];
    atClosingSchool = new Set<string>();
    for (const r of user.roles) {
      if (NOT_STAFF.has(r.role)) continue;
      const org = roster.orgs.get(r.orgSourcedId);
      const known = org ? null : schoolByRef(r.orgSourcedId);
      if (!org && !known) {
        problems.error(
          r.file,
          r.line,
          r.file === USERS ? 'orgSourcedIds' : 'orgSourcedId',
          `No org "${r.orgSourcedId.slice(0, 40)}" in orgs.csv`,
        );
        continue;
      }
      const isSchool = org ? org.type === 'school' : true;
      const isDistrict = org?.type === 'district';
      if (isSchool) {
        const school = schoolOfOrg.get(r.orgSourcedId);
        if (!school) continue;
        const role = mapping.roleFor(r.role, RosterOrgType.SCHOOL);
        if ('id' in school && closingSchools.has(school.id)) {
          if (role) atClosingSchool.add(`${role}:${school.id}`);
          continue;
        }
        if (!role) {
          problems.warning(r.file, r.line, 'role', `The role ${r.role} at a school gives no Throughline role`);
          continue;
        }
        out.push({ role, school });
      } else if (isDistrict && mapping.roleFor(r.role, RosterOrgType.DISTRICT) === Role.DISTRICT_ADMIN) {
        if (options.grantDistrictAdmin) out.push({ role: Role.DISTRICT_ADMIN, school: null });
        else
          problems.warning(
            r.file,
            r.line,
            'role',
            'A district administrator: not made a district admin (tick "grant district admin" to do so)',
          );
      } else {
        problems.warning(
          r.file,
          r.line,
          'role',
          `The role ${r.role} at a ${org?.type ?? 'non-school'} org gives no Throughline role`,
        );
      }
    }
    const seen = new Set<string>();
    return out.filter((d) => {
      const k = `${d.role}:${d.school ? ('id' in d.school ? d.school.id : `new:${d.school.newKey}`) : ''}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  };

  for (const user of roster.users.values()) {
    const isStaff = user.roles.length === 0 ? false : user.roles.some((r) => !NOT_STAFF.has(r.role));
    if (!isStaff && user.roles.length > 0) {
      counts.usersSkipped++;
      continue;
    }
    const leaving = user.status === 'tobedeleted' || !user.enabled;
    const email = user.email;
    let match =
      staffByRoster.get(user.sourcedId) ??
      (UUID.test(user.sourcedId) ? staffByOwnId.get(user.sourcedId) : null) ??
      null;
    if (!match && email) {
      const byEmail = staffByEmail.get(email.toLowerCase());
      if (byEmail && byEmail.roster_id && byEmail.roster_id !== user.sourcedId) {
        problems.error(
          USERS,
          user.line,
          'email',
          `${email} belongs to a person with another roster id ("${byEmail.roster_id}")`,
        );
        continue;
      }
      match = byEmail ?? null;
    }
    if (match) {
      const first = claimedStaff.get(match.id);
      if (first !== undefined) {
        problems.error(USERS, user.line, 'sourcedId', `Matches the same person as line ${first}`);
        continue;
      }
      claimedStaff.set(match.id, user.line);
    }
    if (leaving) {
      if (match && match.active) toDeactivate.push({ row: match, file: USERS, line: user.line });
      else if (match) counts.staffUnchanged++;
      continue;
    }
    if (!isStaff) {
      // A user with no role at all (1.2 without roles rows): nothing to import.
      counts.usersSkipped++;
      continue;
    }
    // Checks of what will be written.
    let valid = true;
    for (const [field, value] of [
      ['givenName', user.givenName],
      ['familyName', user.familyName],
    ] as const) {
      if (!value) {
        problems.error(USERS, user.line, field, 'Required');
        valid = false;
      } else if (value.length > NAME_MAX) {
        problems.error(USERS, user.line, field, `At most ${NAME_MAX} characters`);
        valid = false;
      } else if (FORMULA.test(value)) {
        problems.error(USERS, user.line, field, 'Starts like a spreadsheet formula (=, +, -, @): not a name');
        valid = false;
      }
    }
    if (!email) {
      problems.error(USERS, user.line, 'email', 'Required for staff (people sign in with it)');
      valid = false;
    } else if (email.length > EMAIL_MAX || !EMAIL.test(email)) {
      problems.error(USERS, user.line, 'email', 'Not an email address');
      valid = false;
    } else {
      const first = emailsInFile.get(email.toLowerCase());
      if (first !== undefined) {
        problems.error(USERS, user.line, 'email', `The same email as line ${first}`);
        valid = false;
      }
      emailsInFile.set(email.toLowerCase(), user.line);
      const owner = staffByEmail.get(email.toLowerCase());
      if (owner && (!match || owner.id !== match.id)) {
        problems.error(USERS, user.line, 'email', `${email} belongs to another person in the district`);
        valid = false;
      }
    }
    const desired = desiredRoles(user);
    if (!valid) continue;
    const staffRef = match ? { id: match.id } : { newKey: user.sourcedId };
    const who = `${user.givenName} ${user.familyName} <${email}>`;
    if (!match) {
      staff.push({
        kind: 'create',
        id: null,
        key: user.sourcedId,
        values: { givenName: user.givenName, familyName: user.familyName, email, rosterId: user.sourcedId },
      });
      items.push(staffItem(PlanAction.CREATE, user.sourcedId, who, null, user.line));
      counts.staffCreated++;
    } else {
      const values: StaffChange['values'] = {};
      if (match.given_name !== user.givenName) values.givenName = user.givenName;
      if (match.family_name !== user.familyName) values.familyName = user.familyName;
      if (match.email !== email) values.email = email;
      if (match.roster_id !== user.sourcedId && !(match.roster_id === null && match.id === user.sourcedId))
        values.rosterId = user.sourcedId;
      if (!match.active) values.active = true;
      if (Object.keys(values).length) {
        staff.push({ kind: 'update', id: match.id, key: user.sourcedId, values });
        items.push(staffItem(PlanAction.UPDATE, user.sourcedId, who, changed(values), user.line));
        counts.staffUpdated++;
      } else counts.staffUnchanged++;
    }
    // Role assignments: add what the file gives and the person lacks; end the teacher and school-leader roles the
    // file no longer gives them. Other roles (coach, district admin) are never ended by an import.
    const current = match ? (assignmentsOf.get(match.id) ?? []) : [];
    for (const d of desired) {
      const schoolId = d.school && 'id' in d.school ? d.school.id : null;
      const has =
        d.school && 'newKey' in d.school ? false : current.some((a) => a.role === d.role && a.school_id === schoolId);
      if (!has) {
        assignmentsAdded.push({ staff: staffRef, role: d.role, school: d.school });
        items.push(roleItem(PlanAction.ADD, user.sourcedId, who, d.role, d.school, user.line));
        counts.roleAssignmentsAdded++;
      }
    }
    for (const a of current) {
      if (!managedRoles.has(a.role) || atClosingSchool.has(`${a.role}:${a.school_id}`)) continue;
      const kept = desired.some(
        (d) => d.role === a.role && d.school && 'id' in d.school && d.school.id === a.school_id,
      );
      if (!kept) {
        assignmentsEnded.push({ id: a.id, role: a.role, schoolId: a.school_id });
        items.push(
          roleItem(PlanAction.END, user.sourcedId, who, a.role, a.school_id ? { id: a.school_id } : null, user.line),
        );
        counts.roleAssignmentsEnded++;
      }
    }
  }

  // A bulk users.csv is the whole roster: people who came from a roster (a roster id) and are not in it leave.
  // With "include records not from a roster", so do people typed in by hand who are not in it.
  if (roster.usersMode === 'bulk') {
    for (const s of staffNow) {
      if (!s.active || claimedStaff.has(s.id)) continue;
      const listed = s.roster_id ? roster.users.has(s.roster_id) : roster.users.has(s.id);
      if (!listed && (s.roster_id || options.includeUnrostered)) toDeactivate.push({ row: s, file: USERS, line: null });
    }
  }

  // Leavers are deactivated even when they still carry work: it stays theirs, flagged (HANDOVER) for a new owner.
  const leaverIds = toDeactivate.map((d) => d.row.id).filter((id) => id !== options.actorStaffId);
  const work = await workItemsOf(manager, districtId, leaverIds);
  const workOf = new Map<string, WorkItem[]>();
  for (const w of work) workOf.set(w.holderId, [...(workOf.get(w.holderId) ?? []), w]);
  for (const { row, file, line } of toDeactivate) {
    const who = `${row.given_name} ${row.family_name} (${row.roster_id ?? row.email})`;
    const label = `${row.given_name} ${row.family_name} <${row.email}>`;
    const current = assignmentsOf.get(row.id) ?? [];
    const hold = (reason: string, message: string) => {
      problems.warning(file, line, 'status', message);
      items.push(staffItem(PlanAction.HOLD, row.roster_id, label, reason, line));
      counts.staffDeactivationsHeld++;
    };
    if (row.id === options.actorStaffId) {
      hold('the person applying this import', `${who} is the person applying this import: not deactivated`);
      continue;
    }
    if (current.some((a) => a.role === Role.DISTRICT_ADMIN)) {
      hold('a district admin', `${who} is a district admin: an import never removes one; do it by hand`);
      continue;
    }
    const carried = workOf.get(row.id) ?? [];
    const tally: WorkToHandOver = { conversations: 0, actions: 0, strategies: 0 };
    for (const w of carried) tally[w.kind]++;
    const needed = carried.length ? handoverNeeded(tally).replace(': name who takes over (handoverToId)', '') : null;
    const why = line ? 'leaving (status tobedeleted, or enabledUser false)' : 'not in the bulk users.csv';
    staff.push({ kind: 'deactivate', id: row.id, key: row.roster_id ?? row.id, values: { active: false } });
    items.push(
      staffItem(
        PlanAction.DEACTIVATE,
        row.roster_id,
        label,
        needed ? `${why}; ${needed}: flagged for a new owner` : why,
        line,
      ),
    );
    counts.staffDeactivated++;
    if (needed) {
      problems.warning(file, line, 'status', `${who} is deactivated: ${needed}; give that work a new owner`);
      for (const w of carried) {
        items.push({
          entity: WORK_ENTITY[w.kind],
          action: PlanAction.HANDOVER,
          sourcedId: row.roster_id,
          name: w.label,
          detail: `needs a new owner: ${label} leaves`,
          file: line ? USERS : null,
          line,
          targetId: w.id,
        });
        counts.workToHandOver++;
      }
    }
    for (const a of current) {
      assignmentsEnded.push({ id: a.id, role: a.role, schoolId: a.school_id });
      items.push(
        roleItem(PlanAction.END, row.roster_id, label, a.role, a.school_id ? { id: a.school_id } : null, line),
      );
      counts.roleAssignmentsEnded++;
    }
  }

  return { counts, items, schools, staff, assignmentsAdded, assignmentsEnded };

  function schoolItem(
    action: PlanAction,
    sourcedId: string | null,
    name: string,
    detail: string | null,
    line: number | null,
  ): PlanItem {
    return { entity: PlanEntity.SCHOOL, action, sourcedId, name, detail, file: line ? ORGS : null, line };
  }
  function staffItem(
    action: PlanAction,
    sourcedId: string | null,
    name: string,
    detail: string | null,
    line: number | null,
  ): PlanItem {
    return { entity: PlanEntity.STAFF, action, sourcedId, name, detail, file: line ? USERS : null, line };
  }
  function roleItem(
    action: PlanAction,
    sourcedId: string | null,
    name: string,
    role: Role,
    school: SchoolRef | null,
    line: number | null,
  ): PlanItem {
    const detail = school ? `${role} at ${schoolNameOf(school)}` : role;
    return { entity: PlanEntity.ROLE_ASSIGNMENT, action, sourcedId, name, detail, file: line ? USERS : null, line };
  }
}

const WORK_ENTITY: Record<WorkItem['kind'], PlanEntity> = {
  conversations: PlanEntity.CONVERSATION,
  actions: PlanEntity.ACTION,
  strategies: PlanEntity.STRATEGY,
};

/** The names of the fields an update sets ("givenName, email"). */
function changed(values: object): string {
  return Object.keys(values).join(', ');
}
