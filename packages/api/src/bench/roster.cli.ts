import 'reflect-metadata';
import { ZipFile } from 'yazl';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { migrateConfiguredDatabase, resolveDatabase } from '../server/platform';
import { createAppDataSource } from '../server/data-source';
import { DEFAULT_MAIL_SETTINGS, DEFAULT_WEBHOOK_SETTINGS, type JobRun } from '../jobs/queue';
import { seedDistrictDefaults } from '../modules/library/library-defaults';
import { applyImport, validateImport } from '../modules/roster-import/roster-jobs';

/**
 * `npm run bench:roster`: a OneRoster 1.2 zip of 300 schools and 15,000 staff (generated here), checked (the dry run)
 * and applied by the import's own job handlers, then checked again (re-importing the same file must change nothing).
 * Prints each step's time, the counts, and the process's peak memory (RSS, sampled every 50 ms). Runs in a scratch
 * database of its own on the configured server (embedded by default), created, migrated and dropped by the run.
 */

const SCHOOLS = 300;
const STAFF = 15_000;
const DB_NAME = 'throughline_bench_roster';
/** The apply's target (docs/oneroster.md). */
const APPLY_TARGET_SECONDS = 60;

function zipOf(files: Record<string, string>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text, 'utf8'), name);
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/**
 * The district's roster: every school has a principal; the rest are teachers (one in ten at two schools), aides and
 * counselors, 50 staff a school.
 */
export async function benchRoster(): Promise<{ zip: Buffer; roles: number }> {
  const orgs = [
    'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId',
    'd-1,active,,Bench District,district,BD,',
  ];
  for (let s = 1; s <= SCHOOLS; s++) orgs.push(`s-${s},active,,Bench School ${s},school,BS-${s},d-1`);
  const users = ['sourcedId,status,dateLastModified,enabledUser,username,givenName,familyName,email'];
  const roles = ['sourcedId,status,dateLastModified,userSourcedId,roleType,role,orgSourcedId'];
  let roleCount = 0;
  const role = (user: string, kind: string, school: number, type: string) =>
    roles.push(`r-${++roleCount},active,,${user},${type},${kind},s-${school}`);
  for (let i = 1; i <= STAFF; i++) {
    const id = `u-${i}`;
    users.push(`${id},active,,true,${id},Given${i},Family${i % 997},${id}@bench.example`);
    const school = ((i - 1) % SCHOOLS) + 1;
    if (i <= SCHOOLS) role(id, 'principal', school, 'primary');
    else {
      const kind = i % 20 === 0 ? 'aide' : i % 25 === 0 ? 'counselor' : 'teacher';
      role(id, kind, school, 'primary');
      if (i % 10 === 0) role(id, 'teacher', (school % SCHOOLS) + 1, 'secondary');
    }
  }
  const manifest = [
    'propertyName,value',
    'manifest.version,1.0',
    'oneroster.version,1.2',
    'file.orgs,bulk',
    'file.users,bulk',
    'file.roles,bulk',
  ];
  const zip = await zipOf({
    'manifest.csv': manifest.join('\r\n'),
    'orgs.csv': orgs.join('\r\n'),
    'users.csv': users.join('\r\n'),
    'roles.csv': roles.join('\r\n'),
  });
  return { zip, roles: roleCount };
}

function scratchUrl(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.pathname = `/${DB_NAME}`;
  return url.toString();
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const db = await resolveDatabase(config, logger);
  const server = createAppDataSource({ url: db.ownerUrl, poolMax: 1, applicationName: 'throughline-bench-roster' });
  await server.initialize();
  try {
    await server.query(`DROP DATABASE IF EXISTS ${DB_NAME}`);
    await server.query(`CREATE DATABASE ${DB_NAME}`);
    const scratch = { ...db, ownerUrl: scratchUrl(db.ownerUrl) };
    await migrateConfiguredDatabase(config, logger, scratch);
    const owner = createAppDataSource({
      url: scratch.ownerUrl,
      poolMax: 3,
      applicationName: 'throughline-bench-roster',
    });
    await owner.initialize();
    try {
      const generated = Date.now();
      const { zip, roles } = await benchRoster();
      const generateSeconds = (Date.now() - generated) / 1000;
      const { districtId, importId } = await owner.transaction(async (m) => {
        await m.query(`SELECT set_config('app.platform_operator', 'on', true)`);
        const [{ id }] = await m.query(
          `INSERT INTO district (name, slug, timezone, academic_year_start_month)
           VALUES ('Bench District', 'roster-bench', 'America/Chicago', 8) RETURNING id`,
        );
        await m.query(`SELECT set_config('app.district_id', $1, true)`, [id]);
        await seedDistrictDefaults(m, id);
        const [admin] = await m.query(
          `INSERT INTO staff_member (district_id, given_name, family_name, email) VALUES ($1, 'Bench', 'Admin', 'admin@bench.example') RETURNING id`,
          [id],
        );
        await m.query(
          `INSERT INTO role_assignment (district_id, staff_member_id, role) VALUES ($1, $2, 'DISTRICT_ADMIN')`,
          [id, admin.id],
        );
        const [ri] = await m.query(
          `INSERT INTO roster_import (district_id, status, file_name, byte_size, sha256, content, uploaded_by_kind, uploaded_by_id)
           VALUES ($1, 'UPLOADED', 'bench.zip', $2, repeat('0', 64), $3, 'STAFF', $4) RETURNING id`,
          [id, zip.length, zip, admin.id],
        );
        return { districtId: id as string, importId: ri.id as string };
      });

      const run: JobRun = {
        deps: { dataSource: owner, logger, webhooks: DEFAULT_WEBHOOK_SETTINGS, mail: DEFAULT_MAIL_SETTINGS },
        abortSignal: new AbortController().signal,
        attempts: 1,
      };
      const payload = { districtId, importId };
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const timed = async (work: () => Promise<void>) => {
        const started = process.hrtime.bigint();
        await work();
        return Number(process.hrtime.bigint() - started) / 1e9;
      };
      const inDistrict = <T>(sql: string, params: unknown[] = []) =>
        owner.transaction(async (m) => {
          await m.query(`SELECT set_config('app.district_id', $1, true)`, [districtId]);
          return m.query(sql, params) as Promise<T>;
        });
      const state = async () =>
        (
          await inDistrict<
            {
              status: string;
              counts: Record<string, number>;
              applied_counts: Record<string, number>;
              error_count: number;
              changes: number;
            }[]
          >(
            `SELECT status, counts, applied_counts, error_count,
                    (SELECT count(*)::int FROM roster_import_change c WHERE c.district_id = ri.district_id AND c.import_id = ri.id) AS changes
               FROM roster_import ri WHERE district_id = $1 AND id = $2`,
            [districtId, importId],
          )
        )[0];

      const dryRun = await timed(() => validateImport(payload, run));
      const previewed = await state();
      if (previewed.status !== 'PREVIEW_READY')
        throw new Error(`the dry run ended ${previewed.status} (${previewed.error_count} errors)`);
      await inDistrict(
        `UPDATE roster_import SET status = 'APPLYING', content = $3 WHERE district_id = $1 AND id = $2`,
        [districtId, importId, zip],
      );
      const apply = await timed(() => applyImport(payload, run));
      const applied = await state();
      if (applied.status !== 'APPLIED') throw new Error(`the apply ended ${applied.status}`);
      // The same file again: a dry run that finds nothing to change.
      await inDistrict(
        `UPDATE roster_import SET status = 'UPLOADED', content = $3, counts = NULL WHERE district_id = $1 AND id = $2`,
        [districtId, importId, zip],
      );
      const again = await timed(() => validateImport(payload, run));
      const rechecked = await state();
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      const c = applied.applied_counts;
      const r = rechecked.counts;
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      const unchanged =
        r.schoolsCreated +
          r.schoolsUpdated +
          r.staffCreated +
          r.staffUpdated +
          r.staffDeactivated +
          r.roleAssignmentsAdded +
          r.roleAssignmentsEnded ===
        0;
      process.stdout.write(
        [
          `OneRoster import: ${SCHOOLS} schools, ${STAFF} staff, ${roles} roles (zip ${mb(zip.length)} MB, generated in ${generateSeconds.toFixed(1)} s)`,
          `  dry run       ${dryRun.toFixed(1)} s   (${previewed.changes} changes listed)`,
          `  apply         ${apply.toFixed(1)} s   (target under ${APPLY_TARGET_SECONDS} s: ${apply < APPLY_TARGET_SECONDS ? 'met' : 'MISSED'})`,
          `                created ${c.schoolsCreated} schools, ${c.staffCreated} staff, ${c.roleAssignmentsAdded} role assignments`,
          `  again         ${again.toFixed(1)} s   (${unchanged ? 'nothing to change' : 'CHANGES FOUND'}: ${r.staffUnchanged} staff, ${r.schoolsUnchanged} schools unchanged)`,
          `  peak RSS      ${mb(peak)} MB (before: ${mb(rssBefore)} MB; process max ${mb(process.resourceUsage().maxRSS * 1024)} MB)`,
          '',
        ].join('\n'),
      );
      if (!unchanged || apply >= APPLY_TARGET_SECONDS) process.exitCode = 1;
    } finally {
      await owner.destroy();
    }
  } finally {
    await server.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`).catch(() => undefined);
    await server.destroy();
    await db.embedded?.stop();
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`bench:roster failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
