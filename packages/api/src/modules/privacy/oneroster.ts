import { Role } from '@throughline/shared';

/**
 * The district's roster in OneRoster 1.1 CSV (bulk): orgs.csv (the district and its schools), users.csv (its
 * staff, with their roles), manifest.csv. Only the columns the standard requires plus names and email; sourcedIds are
 * the roster ids the district imported with, else Throughline's own ids.
 */

export const ORGS_HEADER = ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'];
export const USERS_HEADER = [
  'sourcedId',
  'status',
  'dateLastModified',
  'enabledUser',
  'orgSourcedIds',
  'role',
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
];

export const MANIFEST_ROWS: [string, string][] = [
  ['manifest.version', '1.0'],
  ['oneroster.version', '1.1'],
  ['file.academicSessions', 'absent'],
  ['file.categories', 'absent'],
  ['file.classes', 'absent'],
  ['file.classResources', 'absent'],
  ['file.courses', 'absent'],
  ['file.courseResources', 'absent'],
  ['file.demographics', 'absent'],
  ['file.enrollments', 'absent'],
  ['file.lineItems', 'absent'],
  ['file.orgs', 'bulk'],
  ['file.resources', 'absent'],
  ['file.results', 'absent'],
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

/**
 * OneRoster has one role a user: administrator (district admins and school leaders), else teacher (coaches and
 * teachers are both instructional staff). orgSourcedIds: the schools they hold a role at, or the district.
 */
export const USERS_SQL = (district: string) => `
  SELECT coalesce(p.roster_id, p.id::text) AS "sourcedId",
         CASE WHEN p.active THEN 'active' ELSE 'tobedeleted' END AS status,
         p.updated_at AS "dateLastModified",
         CASE WHEN p.active THEN 'true' ELSE 'false' END AS "enabledUser",
         coalesce((SELECT string_agg(DISTINCT coalesce(s.roster_id, s.id::text), ',')
                     FROM role_assignment ra JOIN school s ON s.district_id = ra.district_id AND s.id = ra.school_id
                    WHERE ra.district_id = p.district_id AND ra.staff_member_id = p.id AND ra.valid_to IS NULL),
                  ${district}::text) AS "orgSourcedIds",
         CASE WHEN EXISTS (SELECT 1 FROM role_assignment ra WHERE ra.district_id = p.district_id AND ra.staff_member_id = p.id
                             AND ra.valid_to IS NULL AND ra.role IN ('${Role.DISTRICT_ADMIN}', '${Role.SCHOOL_LEADER}'))
              THEN 'administrator' ELSE 'teacher' END AS role,
         p.email AS username, NULL AS "userIds", p.given_name AS "givenName", p.family_name AS "familyName",
         NULL AS "middleName", p.roster_id AS identifier, p.email, NULL AS sms, NULL AS phone,
         NULL AS "agentSourcedIds", NULL AS grades, NULL AS password
    FROM staff_member p WHERE p.district_id = ${district}
   ORDER BY p.id`;

/** OneRoster's dateLastModified: ISO 8601 UTC. */
export function rosterValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString().replace(/\.\d{3}Z$/, 'Z') : value;
}
