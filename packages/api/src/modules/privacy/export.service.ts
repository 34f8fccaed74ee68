import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ErrorCode, Permission } from '@throughline/shared';
import { withTenantTransaction } from '../../db/transaction';
import { addJob, type JobHandler } from '../../jobs/queue';
import { managerOf, type RequestContext } from '../../graphql/context';
import { AppError, found } from '../../graphql/errors';
import { requireGrant, requireOperator } from '../../auth/guard';
import { recordAudit } from '../audit/audit.service';
import { districtTables } from './catalog';
import { CONFIDENTIAL_COLUMNS, NOBODY, readableSql, readerOf, uuidLiteral, type Reader } from './confidential-columns';
import { writeArchive, type ArchiveFile, type Sql } from './export-archive';

/**
 * District export (issue 16; docs/privacy.md "Export"): a district admin, or the operator on the district's written
 * request, starts one; the `privacy.export` job writes the archive (export-archive.ts) into `district_export_chunk`
 * in one transaction, and the requester downloads it through a signed link for EXPORT_LINK_HOURS.
 *
 * - One export at a time per district (a partial unique index): a second start while one runs is a CONFLICT.
 * - Resumable: the job writes the archive and marks it COMPLETED in one transaction, so an interrupted run (a worker
 *   stopped or killed) leaves nothing behind and the job runs again from the start, up to MAX_ATTEMPTS times; a
 *   worker that stops gracefully hands the job back at once, a crashed one when graphile-worker's lock expires.
 * - Confidential text: the requester's own boundary rules (confidential-columns.ts); the operator reads none. Each
 *   record whose text the archive includes is recorded in the read audit as read by the requester.
 */

export const EXPORT_TASK = 'privacy.export';
export const EXPORT_LINK_HOURS = 24;
const MAX_ATTEMPTS = 5;
/** Statements of the export's transaction may run this long (a page of a big table, a chunk write). */
const EXPORT_STATEMENT_TIMEOUT_MS = 10 * 60_000;

export interface ExportRow {
  id: string;
  district_id: string;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  requested_by_kind: 'STAFF' | 'OPERATOR';
  requested_by_id: string;
  attempts: number;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  expires_at: Date | null;
  byte_size: string | null;
  sha256: string | null;
  files: ArchiveFile[] | null;
  withheld_count: number | null;
  failure: string | null;
}

const COLUMNS = `id, district_id, status, requested_by_kind, requested_by_id, attempts, created_at, started_at,
  completed_at, expires_at, byte_size, sha256, files, withheld_count, failure`;

export class ExportConflictError extends AppError {
  constructor() {
    super(ErrorCode.CONFLICT, 'An export of this district is already running; wait for it to finish');
  }
}

/** Which district the caller exports: an admin their own; the operator the one named. */
function targetOf(ctx: RequestContext, districtId: string | null): { districtId: string; operator: boolean } {
  if (ctx.principal?.kind === 'operator') {
    requireOperator(ctx);
    return { districtId: found(districtId, 'District'), operator: true };
  }
  const grant = requireGrant(ctx, Permission.DISTRICT_EXPORT);
  const member = ctx.principal!;
  if (!grant.districtWide || member.kind !== 'staff')
    throw new AppError(ErrorCode.FORBIDDEN, 'Only a district admin can export the district');
  return { districtId: member.districtId, operator: false };
}

/**
 * Runs work with the district's claims: the request's own transaction for a member of the district; for the
 * operator, who sees nothing inside a district, a short transaction of its own with that district's claims (the
 * mutation's only write, so it is all or nothing all the same).
 */
async function inDistrict<T>(
  ctx: RequestContext,
  target: { districtId: string; operator: boolean },
  work: (m: EntityManager) => Promise<T>,
): Promise<T> {
  if (!target.operator) return work(await managerOf(ctx));
  return ctx.tx.apart(work, { districtId: target.districtId });
}

async function exportsOf(m: EntityManager, districtId: string, limit: number): Promise<ExportRow[]> {
  return m.query(
    `SELECT ${COLUMNS} FROM district_export WHERE district_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
    [districtId, limit],
  );
}

export const exportService = {
  async start(ctx: RequestContext, districtId: string | null): Promise<ExportRow> {
    const target = targetOf(ctx, districtId);
    const p = ctx.principal!;
    const by =
      p.kind === 'operator'
        ? { kind: 'OPERATOR' as const, id: p.operatorId }
        : { kind: 'STAFF' as const, id: (p as { staffMemberId: string }).staffMemberId };
    return inDistrict(ctx, target, async (m) => {
      const [district] = await m.query(`SELECT id FROM district WHERE id = $1`, [target.districtId]);
      found(district, 'District');
      const [running] = await m.query(`SELECT 1 FROM district_export WHERE district_id = $1 AND status = 'RUNNING'`, [
        target.districtId,
      ]);
      if (running) throw new ExportConflictError();
      let row: ExportRow;
      try {
        [row] = await m.query(
          `INSERT INTO district_export (district_id, requested_by_kind, requested_by_id) VALUES ($1, $2, $3)
           RETURNING ${COLUMNS}`,
          [target.districtId, by.kind, by.id],
        );
      } catch (error) {
        // Two starts at once: the partial unique index lets one through.
        if ((error as { code?: string }).code === '23505') throw new ExportConflictError();
        throw error;
      }
      await addJob(
        m,
        EXPORT_TASK,
        { districtId: target.districtId, exportId: row.id },
        { jobKey: `privacy-export:${row.id}`, maxAttempts: MAX_ATTEMPTS },
      );
      const audit = {
        action: 'district.export.start',
        entityType: 'DistrictExport',
        entityId: row.id,
        districtId: target.districtId,
      };
      if (target.operator) {
        await m.query(
          `INSERT INTO audit_event (district_id, actor_kind, actor_id, action, entity_type, entity_id, request_id, client)
           VALUES ($1, 'OPERATOR', $2, $3, $4, $5, $6, $7)`,
          [
            target.districtId,
            by.id,
            audit.action,
            audit.entityType,
            audit.entityId,
            ctx.requestId,
            ctx.client?.slice(0, 200) ?? null,
          ],
        );
      } else {
        await recordAudit(ctx, audit);
      }
      return row;
    });
  },

  async list(ctx: RequestContext, districtId: string | null): Promise<ExportRow[]> {
    const target = targetOf(ctx, districtId);
    return inDistrict(ctx, target, (m) => exportsOf(m, target.districtId, 20));
  },

  /** Whether the caller is the one who asked for it (only they get its link). */
  isRequester(ctx: RequestContext, row: ExportRow): boolean {
    const p = ctx.principal;
    if (p?.kind === 'operator') return row.requested_by_kind === 'OPERATOR' && row.requested_by_id === p.operatorId;
    return p?.kind === 'staff' && row.requested_by_kind === 'STAFF' && row.requested_by_id === p.staffMemberId;
  },
};

/** Whether a district has an export running (disposal waits for it). */
export async function exportRunning(m: Pick<EntityManager, 'query'>, districtId: string): Promise<boolean> {
  const [row] = await m.query(`SELECT 1 FROM district_export WHERE district_id = $1 AND status = 'RUNNING'`, [
    districtId,
  ]);
  return Boolean(row);
}

// ---- Signed download links --------------------------------------------------------------------------------------

/**
 * The key signing download links: derived (HKDF) from SECRETS_KEY when the deployment has one, else from the
 * database's own secret (the sign-in throttle's), so every instance signs and verifies alike.
 */
export async function linkKey(dataSource: DataSource, secretsKey: Buffer | null | undefined): Promise<Buffer> {
  if (secretsKey) return derive(secretsKey);
  let key = databaseKeys.get(dataSource);
  if (!key) {
    key = withTenantTransaction(dataSource, { districtId: null }, (m) =>
      m.query(`SELECT secret FROM sign_in_throttle_secret`),
    ).then(([row]: { secret: Buffer }[]) => derive(row.secret));
    key.catch(() => databaseKeys.delete(dataSource));
    databaseKeys.set(dataSource, key);
  }
  return key;
}

const databaseKeys = new WeakMap<DataSource, Promise<Buffer>>();

function derive(material: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), 'throughline district export link', 32));
}

function signature(key: Buffer, exportId: string, districtId: string, expires: number): string {
  return createHmac('sha256', key).update(`${exportId}.${districtId}.${expires}`).digest('base64url');
}

/** `<expires>.<district>.<signature>`: the export's district and the link's expiry (epoch seconds), signed. */
export function signLink(key: Buffer, exportId: string, districtId: string, expires: Date): string {
  const seconds = Math.floor(expires.getTime() / 1000);
  return `${seconds}.${districtId}.${signature(key, exportId, districtId, seconds)}`;
}

/** The district of a valid, unexpired token for this export; null otherwise (tampered, expired, malformed). */
export function verifyLink(key: Buffer, exportId: string, token: string, now = Date.now()): string | null {
  const match = /^(\d{1,12})\.([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, seconds, districtId, sig] = match;
  const expected = Buffer.from(signature(key, exportId, districtId, Number(seconds)));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (Number(seconds) * 1000 <= now) return null;
  return districtId;
}

// ---- The job ----------------------------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function readerFor(q: Sql, row: ExportRow): Promise<Reader> {
  if (row.requested_by_kind !== 'STAFF') return NOBODY;
  // Someone deactivated since they asked reads nothing any more.
  const [active] = await q.query(`SELECT 1 FROM staff_member WHERE district_id = $1 AND id = $2 AND active`, [
    row.district_id,
    row.requested_by_id,
  ]);
  if (!active) return NOBODY;
  const assignments: { role: string; school_id: string | null }[] = await q.query(
    `SELECT ra.role, ra.school_id FROM role_assignment ra
       JOIN staff_member p ON p.district_id = ra.district_id AND p.id = ra.staff_member_id AND p.active
      WHERE ra.district_id = $1 AND ra.staff_member_id = $2 AND ra.valid_to IS NULL`,
    [row.district_id, row.requested_by_id],
  );
  return readerOf(row.requested_by_id, assignments);
}

/** Records, as read by the requester, every record whose confidential text the archive included (never the text). */
async function auditIncludedReads(q: Sql, row: ExportRow, reader: Reader): Promise<void> {
  if (reader.staffMemberId === null) return;
  const self = uuidLiteral(reader.staffMemberId);
  for (const [table, columns] of Object.entries(CONFIDENTIAL_COLUMNS)) {
    for (const [column, spec] of Object.entries(columns)) {
      await q.query(
        `INSERT INTO confidential_read (district_id, reader_id, author_id, record_type, record_id, field, request_id)
         SELECT DISTINCT t.district_id, ${self}, ${spec.author}, '${spec.record}', ${spec.recordId}, '${spec.field}', $2
           FROM "${table}" t
          WHERE t.district_id = $1 AND t."${column}" IS NOT NULL AND ${readableSql(reader, table, column)}
            AND ${spec.author} IS DISTINCT FROM ${self}`,
        [row.district_id, `export:${row.id}`],
      );
    }
  }
}

export const runExport: JobHandler = async (payload, run) => {
  const p = (payload ?? {}) as Record<string, unknown>;
  const districtId = String(p.districtId ?? '');
  const exportId = String(p.exportId ?? '');
  if (!UUID.test(districtId) || !UUID.test(exportId)) throw new Error('export job without its ids');
  const dataSource = run.deps.dataSource;

  const [row]: ExportRow[] = await withTenantTransaction(dataSource, { districtId }, (m) =>
    m
      .query(
        `UPDATE district_export SET attempts = attempts + 1, started_at = now()
        WHERE district_id = $1 AND id = $2 AND status = 'RUNNING' RETURNING ${COLUMNS}`,
        [districtId, exportId],
      )
      .then((r: [ExportRow[], number]) => r[0]),
  );
  if (!row) return;

  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // One snapshot for every file, so the counts agree with each other and with the database at that moment.
    await runner.startTransaction('REPEATABLE READ');
    await runner.query(`SELECT set_config('app.district_id', $1, true), set_config('statement_timeout', $2, true)`, [
      districtId,
      `${EXPORT_STATEMENT_TIMEOUT_MS}ms`,
    ]);
    const [district] = await runner.query(`SELECT id, slug, name FROM district WHERE id = $1`, [districtId]);
    if (!district) throw new Error('the district of an export is gone');
    await runner.query(`DELETE FROM district_export_chunk WHERE district_id = $1 AND export_id = $2`, [
      districtId,
      exportId,
    ]);
    const reader = await readerFor(runner, row);
    const result = await writeArchive(runner, {
      exportId,
      district: { id: district.id, slug: district.slug, name: district.name },
      requestedBy: { kind: row.requested_by_kind, id: row.requested_by_id },
      reader,
      tables: await districtTables(runner),
      signal: run.abortSignal,
      onChunk: (seq, data) =>
        runner.query(`INSERT INTO district_export_chunk (district_id, export_id, seq, data) VALUES ($1, $2, $3, $4)`, [
          districtId,
          exportId,
          seq,
          data,
        ]),
    });
    await auditIncludedReads(runner, row, reader);
    await runner.query(
      `UPDATE district_export
          SET status = 'COMPLETED', completed_at = now(), expires_at = now() + make_interval(hours => $3::int),
              byte_size = $4, sha256 = $5, files = $6::jsonb, withheld_count = $7, failure = NULL
        WHERE district_id = $1 AND id = $2`,
      [
        districtId,
        exportId,
        EXPORT_LINK_HOURS,
        result.byteSize,
        result.sha256,
        JSON.stringify(result.files),
        result.withheld,
      ],
    );
    await runner.commitTransaction();
    run.deps.logger.info('district export completed', { exportId, bytes: result.byteSize });
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    // The last attempt: the export is FAILED (with a reason that names no data), so another can start.
    if (row.attempts >= MAX_ATTEMPTS) {
      await withTenantTransaction(dataSource, { districtId }, (m) =>
        m.query(
          `UPDATE district_export SET status = 'FAILED', failure = $3 WHERE district_id = $1 AND id = $2 AND status = 'RUNNING'`,
          [districtId, exportId, 'The export failed after several attempts; start another'],
        ),
      );
    }
    throw error;
  } finally {
    await runner.release();
  }
};

/** Adds the export job (tests and the benchmark call the handler directly too). */
export function enqueueExport(m: EntityManager, districtId: string, exportId: string): Promise<void> {
  return addJob(
    m,
    EXPORT_TASK,
    { districtId, exportId },
    { jobKey: `privacy-export:${exportId}`, maxAttempts: MAX_ATTEMPTS },
  );
}
