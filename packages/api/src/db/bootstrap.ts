import { escapeIdentifier, escapeLiteral } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { APP_GROUP_ROLE } from './migrations/rls';
import type { Logger } from '../logger';
import { grantJobQueue, migrateJobQueue } from '../jobs/queue';

export interface PrepareOptions {
  ownerUrl: string;
  appRole: string;
  /** Set when the API connects with a password; start-up keeps the role's password equal to it. */
  appPassword: string | null;
  provisionRoles: boolean;
  logger: Logger;
}

const MIGRATION_LOCK = 7_301_001;

/** Applies pending migrations under an advisory lock, so that instances starting together take turns. */
export async function runMigrations(owner: DataSource, logger: Logger): Promise<string[]> {
  const runner = owner.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await owner.runMigrations({ transaction: 'each' });
    for (const m of applied) logger.info('migration applied', { migration: m.name });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * Makes sure the API's login role exists, belongs to the group that migrations grant rights to, and can neither
 * log in as superuser nor bypass row-level security. Where the owner may not create roles (a managed database),
 * infra/roles.sql does this once and DATABASE_PROVISION_ROLES=false skips it.
 */
export async function provisionAppRole(owner: DataSource, role: string, password: string | null): Promise<void> {
  const name = escapeIdentifier(role);
  const pw = password ? ` PASSWORD ${escapeLiteral(password)}` : '';
  await owner.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK + 1]);
    const [existing] = await m.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (!existing) {
      await m.query(`CREATE ROLE ${name} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT${pw}`);
    } else if (pw) {
      await m.query(`ALTER ROLE ${name} WITH LOGIN${pw}`);
    }
    const [member] = await m.query(
      `SELECT 1 FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid JOIN pg_roles r ON r.oid = am.member
        WHERE g.rolname = $1 AND r.rolname = $2`,
      [APP_GROUP_ROLE, role],
    );
    if (!member) await m.query(`GRANT ${APP_GROUP_ROLE} TO ${name}`);
  });
}

/** Runs migrations as the owner (the job queue's, then the app's), then provisions the API role. Returns the names of the migrations applied. */
export async function prepareDatabase(options: PrepareOptions): Promise<string[]> {
  // The job queue's schema first: the outbox trigger (a migration of ours) adds jobs to it.
  await migrateJobQueue(options.ownerUrl, options.logger);
  const owner = createDataSource({ url: options.ownerUrl, poolMax: 2, applicationName: 'throughline-migrate' });
  await owner.initialize();
  try {
    const applied = await runMigrations(owner, options.logger);
    await grantJobQueue(owner);
    if (options.provisionRoles) await provisionAppRole(owner, options.appRole, options.appPassword);
    return applied;
  } finally {
    await owner.destroy();
  }
}

/** The API's URL: the owner's server and database, with the API role's name and password. */
export function appUrlFrom(ownerUrl: string, role: string, password: string | null): string {
  const url = new URL(ownerUrl);
  url.username = encodeURIComponent(role);
  url.password = password ? encodeURIComponent(password) : '';
  return url.toString();
}

export class UnsafeDatabaseRoleError extends Error {}

/** Refuses to serve through a role that the second wall would not hold back. */
export async function assertAppRoleIsRestricted(app: DataSource): Promise<void> {
  const [row] = await app.query(
    `SELECT r.rolsuper, r.rolbypassrls,
            (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid AND c.relnamespace = 'public'::regnamespace) AS owned
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  if (!row || row.rolsuper || row.rolbypassrls || row.owned > 0) {
    throw new UnsafeDatabaseRoleError(
      'The API database role must not be a superuser, must not bypass row-level security and must own no tables',
    );
  }
}
