import { Role } from '@throughline/shared';
import { csvLine } from './csv';
import { RosterOrgType, STAFF_ROSTER_ROLES, type RoleMapping } from '../roster-import/role-mapping';

/**
 * The district's roster in OneRoster 1.2 CSV (bulk), written by the district export (`oneroster/` of the archive) and
 * by the roster export (`GET /exports/oneroster`, modules/roster-import): manifest.csv, orgs.csv (the district and
 * its schools), users.csv (its staff) and roles.csv (one row per current role assignment, written with the
 * district's role mapping read backwards). SourcedIds are the roster ids the district imported with, else
 * Throughline's own ids; the import matches both, so importing an export back changes nothing (docs/oneroster.md).
 */

export const ORGS_HEADER = ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'];
export const USERS_HEADER = [
  'sourcedId',
  'status',
  'dateLastModified',
  'enabledUser',
  'username',
  'userIds',
  'givenName',
  'familyName',
  'middleName',
  'identifier',
  'email',
  'sms',
  'phone',
  'agentSourcedIds',
  'grades',
  'password',
  'userMasterIdentifier',
  'resourceSourcedIds',
  'preferredGivenName',
  'preferredMiddleName',
  'preferredFamilyName',
  'primaryOrgSourcedId',
  'pronouns',
];
export const ROLES_HEADER = [
  'sourcedId',
  'status',
  'dateLastModified',
  'userSourcedId',
  'roleType',
  'role',
  'beginDate',
  'endDate',
  'orgSourcedId',
  'userProfileSourcedId',
];

export const MANIFEST_ROWS: [string, string][] = [
  ['manifest.version', '1.0'],
  ['oneroster.version', '1.2'],
  ['file.academicSessions', 'absent'],
  ['file.categories', 'absent'],
  ['file.classes', 'absent'],
  ['file.classResources', 'absent'],
  ['file.courses', 'absent'],
  ['file.courseResources', 'absent'],
  ['file.demographics', 'absent'],
  ['file.enrollments', 'absent'],
  ['file.lineItemLearningObjectiveIds', 'absent'],
  ['file.lineItems', 'absent'],
  ['file.lineItemScoreScales', 'absent'],
  ['file.orgs', 'bulk'],
  ['file.resources', 'absent'],
  ['file.resultLearningObjectiveIds', 'absent'],
  ['file.results', 'absent'],
  ['file.resultScoreScales', 'absent'],
  ['file.roles', 'bulk'],
  ['file.scoreScales', 'absent'],
  ['file.userProfiles', 'absent'],
  ['file.userResources', 'absent'],
  ['file.users', 'bulk'],
  ['source.systemName', 'Throughline'],
  ['source.systemCode', 'throughline'],
];

/** The district row's SQL (one row) and the schools' (a cursor), as orgs.csv rows. */
export const ORGS_SQL = (district: string) => `
  SELECT d.id::text AS "sourcedId", 'active' AS status, d.updated_at AS "dateLastModified", d.name, 'district' AS type,
         d.slug AS identifier, NULL AS "parentSourcedId"
    FROM district d WHERE d.id = ${district}
  UNION ALL
  SELECT coalesce(s.roster_id, s.id::text), CASE s.status WHEN 'ACTIVE' THEN 'active' ELSE 'tobedeleted' END,
         s.updated_at, s.name, 'school', s.code, ${district}::text
    FROM school s WHERE s.district_id = ${district}`;

/** A person's current role assignments, each with the org it is held at (a school, or the district). */
const CURRENT_ROLES = (district: string) => `
  SELECT ra.id, ra.staff_member_id, ra.role, ra.valid_from,
         CASE WHEN ra.school_id IS NULL THEN 'DISTRICT' ELSE 'SCHOOL' END AS org_type,
         coalesce(s.roster_id, s.id::text, ${district}::text) AS org
    FROM role_assignment ra LEFT JOIN school s ON s.district_id = ra.district_id AND s.id = ra.school_id
   WHERE ra.district_id = ${district} AND ra.valid_to IS NULL`;

/** users.csv: every staff member; the primary org is the first school they hold a role at, else the district. */
export const USERS_SQL = (district: string) => `
  SELECT coalesce(p.roster_id, p.id::text) AS "sourcedId",
         CASE WHEN p.active THEN 'active' ELSE 'tobedeleted' END AS status,
         p.updated_at AS "dateLastModified",
         CASE WHEN p.active THEN 'true' ELSE 'false' END AS "enabledUser",
         p.email AS username, NULL AS "userIds", p.given_name AS "givenName", p.family_name AS "familyName",
         NULL AS "middleName", p.roster_id AS identifier, p.email, NULL AS sms, NULL AS phone,
         NULL AS "agentSourcedIds", NULL AS grades, NULL AS password, NULL AS "userMasterIdentifier",
         NULL AS "resourceSourcedIds", NULL AS "preferredGivenName", NULL AS "preferredMiddleName",
         NULL AS "preferredFamilyName",
         coalesce((SELECT r.org FROM (${CURRENT_ROLES(district)}) r WHERE r.staff_member_id = p.id
                    ORDER BY r.org_type DESC, r.valid_from, r.id LIMIT 1), ${district}::text) AS "primaryOrgSourcedId",
         NULL AS pronouns
    FROM staff_member p WHERE p.district_id = ${district}
   ORDER BY p.id`;

/**
 * roles.csv: one row per current role assignment that the mapping can name (a Throughline role that no OneRoster role
 * gives, such as a coach by default, is left out: an import never ends it either). The first of a person's roles is
 * their primary one.
 */
export function rolesSql(district: string, mapping: RoleMapping): string {
  const pairs: string[] = [];
  for (const orgType of [RosterOrgType.SCHOOL, RosterOrgType.DISTRICT]) {
    for (const role of Object.values(Role)) {
      const rosterRole = mapping.rosterRoleFor(role, orgType);
      // Literals from two fixed vocabularies (Role, STAFF_ROSTER_ROLES), never from input.
      if (rosterRole && (STAFF_ROSTER_ROLES as readonly string[]).includes(rosterRole))
        pairs.push(`('${role}', '${orgType}', '${rosterRole}')`);
    }
  }
  if (pairs.length === 0) return `SELECT ${ROLES_HEADER.map((h) => `NULL AS "${h}"`).join(', ')} WHERE false`;
  return `
  SELECT r.id::text AS "sourcedId", 'active' AS status, r.valid_from AS "dateLastModified",
         coalesce(p.roster_id, p.id::text) AS "userSourcedId",
         CASE WHEN row_number() OVER (PARTITION BY r.staff_member_id ORDER BY r.org_type DESC, r.valid_from, r.id) = 1
              THEN 'primary' ELSE 'secondary' END AS "roleType",
         m.roster_role AS role, to_char(r.valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "beginDate",
         NULL AS "endDate", r.org AS "orgSourcedId", NULL AS "userProfileSourcedId"
    FROM (${CURRENT_ROLES(district)}) r
    JOIN (VALUES ${pairs.join(', ')}) AS m(role, org_type, roster_role) ON m.role = r.role AND m.org_type = r.org_type
    JOIN staff_member p ON p.district_id = ${district} AND p.id = r.staff_member_id
   ORDER BY p.id, r.id`;
}

/** OneRoster's dateLastModified: ISO 8601 UTC. */
export function rosterValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString().replace(/\.\d{3}Z$/, 'Z') : value;
}

/** Where the roster files go: a zip entry written piece by piece, and a statement read a page at a time. */
export interface RosterSink {
  entry(name: string, write: (put: (text: string) => Promise<void>) => Promise<number>): Promise<void>;
  eachPage(sql: string, onPage: (rows: Record<string, unknown>[]) => Promise<void>): Promise<void>;
}

/**
 * Writes manifest.csv, orgs.csv, users.csv and roles.csv under `prefix`, each streamed a page at a time. `district`
 * is the district's id as an SQL literal. Values go through csvLine, so a name a spreadsheet would run as a formula
 * is written inert.
 */
export async function writeRosterFiles(
  sink: RosterSink,
  prefix: string,
  district: string,
  mapping: RoleMapping,
): Promise<void> {
  await sink.entry(`${prefix}manifest.csv`, async (put) => {
    await put(csvLine(['propertyName', 'value']) + MANIFEST_ROWS.map((r) => csvLine(r)).join(''));
    return MANIFEST_ROWS.length;
  });
  for (const [name, header, sql] of [
    ['orgs.csv', ORGS_HEADER, ORGS_SQL(district)],
    ['users.csv', USERS_HEADER, USERS_SQL(district)],
    ['roles.csv', ROLES_HEADER, rolesSql(district, mapping)],
  ] as const) {
    await sink.entry(`${prefix}${name}`, async (put) => {
      await put(csvLine(header));
      let rows = 0;
      await sink.eachPage(sql, async (page) => {
        rows += page.length;
        await put(page.map((row) => csvLine(header.map((h) => rosterValue(row[h])))).join(''));
      });
      return rows;
    });
  }
}
