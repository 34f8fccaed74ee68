import type { DataSource } from 'typeorm';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';

/** A person of a test district: their key (given name and email local part), role, school (null: district-wide). */
export type FixturePerson = readonly [key: string, role: string, school: string | null, active?: boolean];

/** Inserts one row and returns its id. */
export async function insertId(owner: DataSource, sql: string, params: unknown[]): Promise<string> {
  const [row] = await owner.query(`${sql} RETURNING id`, params);
  return row.id;
}

/**
 * The people of a district of a test's own, each with one role and the demo password (copied from the seeded demo
 * district's admin, so no test pays for a password hash): `<key>@<domain>` (lower case), family name `family`.
 * Their ids land in `id[key]`, their role assignment's in `id[`${key}Role`]` and their global ids in `gid[key]`.
 */
export async function addPeople(
  owner: DataSource,
  districtId: string,
  people: readonly FixturePerson[],
  names: { family: string; domain: string },
  id: Record<string, string>,
  gid: Record<string, string> = {},
): Promise<void> {
  const [{ password_hash: hash }] = await owner.query(
    `SELECT c.password_hash FROM credential c JOIN staff_member s ON s.district_id = c.district_id AND s.id = c.staff_member_id
      WHERE s.email = 'admin@northfield.example'`,
  );
  for (const [key, role, school, active = true] of people) {
    id[key] = await insertId(
      owner,
      `INSERT INTO staff_member (district_id, given_name, family_name, email, active) VALUES ($1, $2, $3, $4, $5)`,
      [districtId, key, names.family, `${key.toLowerCase()}@${names.domain}`, active],
    );
    gid[key] = toGlobalId('StaffMember', id[key]);
    id[`${key}Role`] = await insertId(
      owner,
      `INSERT INTO role_assignment (district_id, staff_member_id, role, school_id) VALUES ($1, $2, $3, $4)`,
      [districtId, id[key], role, school],
    );
    await owner.query(`INSERT INTO credential (district_id, staff_member_id, password_hash) VALUES ($1, $2, $3)`, [
      districtId,
      id[key],
      hash,
    ]);
  }
}
