import type { DataSource } from 'typeorm';
import { hashPassword } from '../auth/passwords';
import { seedDistrictDefaults } from '../modules/library/library-defaults';
import type { Logger } from '../logger';
import { DEMO_DISTRICTS, DEMO_OPERATOR, DEMO_PASSWORD } from './demo-data';
import { seedDemoDomain } from './seed-domain';

/** True when no district exists yet: the embedded default seeds demo data only into an empty database. */
export async function isEmptyDatabase(owner: DataSource): Promise<boolean> {
  const [row] = await owner.query(`SELECT NOT EXISTS (SELECT 1 FROM district) AS empty`);
  return row.empty;
}

/**
 * Seeds the demo tenants and accounts. Idempotent: a district that already exists (by slug) is left alone.
 * Each district is written in its own transaction with its district claim set, so this works through RLS too.
 */
export async function seedDemo(owner: DataSource, logger: Logger, options: { domain?: boolean } = {}): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await owner.query(
    `INSERT INTO platform_operator (email, display_name, password_hash)
     SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM platform_operator WHERE lower(email) = lower($1))`,
    [DEMO_OPERATOR.email, DEMO_OPERATOR.displayName, passwordHash],
  );
  for (const d of DEMO_DISTRICTS) {
    await owner.transaction(async (m) => {
      await m.query(`SELECT set_config('app.platform_operator', 'on', true)`);
      const existing = await m.query(`SELECT id FROM district WHERE slug = $1`, [d.slug]);
      if (existing.length) return;
      const [{ id: districtId }] = await m.query(
        `INSERT INTO district (name, slug, timezone, academic_year_start_month) VALUES ($1, $2, $3, 8) RETURNING id`,
        [d.name, d.slug, d.timezone],
      );
      await m.query(`SELECT set_config('app.district_id', $1, true)`, [districtId]);
      await seedDistrictDefaults(m, districtId);
      // Demo people's addresses are made up: their mail stays in the outbox, even with SMTP, until an admin asks.
      await m.query(`INSERT INTO mail_setting (district_id, outbox_only) VALUES ($1, true)`, [districtId]);
      const schoolIds = new Map<string, string>();
      for (const s of d.schools) {
        const [{ id }] = await m.query(
          `INSERT INTO school (district_id, name, code, grade_low, grade_high) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [districtId, s.name, s.code, s.gradeLow, s.gradeHigh],
        );
        schoolIds.set(s.code, id);
      }
      for (const p of d.people) {
        const [{ id: staffId }] = await m.query(
          `INSERT INTO staff_member (district_id, given_name, family_name, email, title) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [districtId, p.givenName, p.familyName, p.email, p.title],
        );
        await m.query(`INSERT INTO credential (district_id, staff_member_id, password_hash) VALUES ($1, $2, $3)`, [
          districtId,
          staffId,
          passwordHash,
        ]);
        for (const [role, code] of p.roles) {
          await m.query(
            `INSERT INTO role_assignment (district_id, staff_member_id, role, school_id) VALUES ($1, $2, $3, $4)`,
            [districtId, staffId, role, code ? schoolIds.get(code) : null],
          );
        }
      }
      await m.query(
        `INSERT INTO audit_event (district_id, actor_kind, action, entity_type, entity_id, fields) VALUES ($1, 'SYSTEM', 'district.seedDemo', 'District', $1, '{}')`,
        [districtId],
      );
      if (options.domain !== false) await seedDemoDomain(m, d.slug);
      logger.info('demo district seeded', { district: d.name, schools: d.schools.length, staff: d.people.length });
    });
  }
}
