import type { EntityManager } from 'typeorm';
import { ErrorCode, Permission } from '@throughline/shared';
import { withTenantTransaction } from '../../db/transaction';
import type { JobHandler } from '../../jobs/queue';
import { managerOf, type RequestContext } from '../../graphql/context';
import { AppError, BadUserInputError, found, InputChecker } from '../../graphql/errors';
import { requireGrant, requireOperator, requireStaff } from '../../auth/guard';
import { recordAudit } from '../audit/audit.service';
import { exportRunning } from './export.service';

/**
 * District disposal (issue 16; docs/privacy.md "Disposal"):
 * 1. a district admin asks for it, typing the district's slug to confirm (`districtDisposalRequest`);
 * 2. the platform operator schedules it with a grace period (default DEFAULT_GRACE_DAYS days), and either of them can
 *    cancel it until it is due (`districtDisposalCancel`); the district's people keep working meanwhile;
 * 3. the `privacy.dispose-due` cron task runs `dispose_district(id)` (SECURITY DEFINER, migration
 *    1764960000000-PrivacyExport) for each due disposal: every row with the district's id in every table that has a
 *    district_id column, the queued jobs naming it, the district row; and the certificate of disposal, kept outside
 *    tenancy, which only the operator reads (`disposalCertificates`).
 * A disposal whose district has an export running waits (CONFLICT when scheduling; the cron task retries later).
 */

export const DISPOSE_TASK = 'privacy.dispose-due';
export const DEFAULT_GRACE_DAYS = 30;
export const MAX_GRACE_DAYS = 365;

export interface DisposalRow {
  id: string;
  target_district_id: string;
  district_slug: string;
  district_name: string;
  status: 'REQUESTED' | 'SCHEDULED' | 'CANCELLED' | 'DISPOSED';
  requested_by: string;
  requested_at: Date;
  scheduled_by: string | null;
  scheduled_at: Date | null;
  grace_days: number | null;
  due_at: Date | null;
  cancelled_at: Date | null;
  disposed_at: Date | null;
  last_error: string | null;
}

export interface CertificateRow {
  id: string;
  disposal_id: string;
  former_district_id: string;
  district_slug: string;
  district_name: string;
  requested_by: string;
  requested_at: Date;
  scheduled_by: string | null;
  scheduled_by_name: string | null;
  scheduled_at: Date | null;
  disposed_at: Date;
  counts: Record<string, number>;
  total_rows: string;
  jobs_deleted: number;
}

const COLUMNS = `id, target_district_id, district_slug, district_name, status, requested_by, requested_at, scheduled_by,
  scheduled_at, grace_days, due_at, cancelled_at, disposed_at, last_error`;

function conflict(message: string): AppError {
  return new AppError(ErrorCode.CONFLICT, message);
}

export const disposalService = {
  /** An admin's confirmed request: `confirmSlug` must be the district's slug, typed out. */
  async request(ctx: RequestContext, confirmSlug: string): Promise<DisposalRow> {
    requireGrant(ctx, Permission.DISTRICT_DISPOSAL_REQUEST);
    const me = requireStaff(ctx);
    const m = await managerOf(ctx);
    const [district] = await m.query(`SELECT id, slug, name FROM district WHERE id = $1`, [me.districtId]);
    found(district, 'District');
    if (confirmSlug.trim() !== district.slug) {
      throw new BadUserInputError([
        { field: 'confirmSlug', message: "Type the district's slug exactly to confirm its disposal" },
      ]);
    }
    let row: DisposalRow;
    try {
      [row] = await m.query(
        `INSERT INTO district_disposal (target_district_id, district_slug, district_name, requested_by)
         VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [district.id, district.slug, district.name, me.staffMemberId],
      );
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw conflict('A disposal of this district is already open');
      throw error;
    }
    await recordAudit(ctx, { action: 'district.disposal.request', entityType: 'DistrictDisposal', entityId: row.id });
    return row;
  },

  /** The operator schedules a requested disposal, due after the grace period. */
  async schedule(ctx: RequestContext, id: string, graceDays: number | null | undefined): Promise<DisposalRow> {
    const operator = requireOperator(ctx);
    const grace = graceDays ?? DEFAULT_GRACE_DAYS;
    new InputChecker()
      .check(
        Number.isInteger(grace) && grace >= 0 && grace <= MAX_GRACE_DAYS,
        'graceDays',
        `Give the grace period in whole days, from 0 to ${MAX_GRACE_DAYS}`,
      )
      .throwIfAny();
    const m = await managerOf(ctx);
    const [current]: DisposalRow[] = await m.query(
      `SELECT ${COLUMNS} FROM district_disposal WHERE id = $1 FOR UPDATE`,
      [id],
    );
    const row = found(current, 'DistrictDisposal');
    if (row.status !== 'REQUESTED')
      throw conflict(`This disposal is ${row.status.toLowerCase()}, not awaiting a schedule`);
    const running = await ctx.tx.apart((x) => exportRunning(x, row.target_district_id), {
      districtId: row.target_district_id,
    });
    if (running) throw conflict('An export of this district is running; schedule the disposal when it has finished');
    const [[updated]]: [DisposalRow[], number] = await m.query(
      `UPDATE district_disposal
          SET status = 'SCHEDULED', scheduled_by = $2, scheduled_at = now(), grace_days = $3,
              due_at = now() + make_interval(days => $3::int)
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, operator.operatorId, grace],
    );
    await auditAsOperator(ctx, m, updated, 'district.disposal.schedule');
    return updated;
  },

  /** Cancels an open disposal: the operator, or an admin of the district, until it is carried out. */
  async cancel(ctx: RequestContext, id: string): Promise<DisposalRow> {
    const p = ctx.principal;
    const m = await managerOf(ctx);
    let by: { kind: 'OPERATOR' | 'STAFF'; id: string };
    let where = '';
    const params: unknown[] = [id];
    if (p?.kind === 'operator') {
      by = { kind: 'OPERATOR', id: p.operatorId };
    } else {
      requireGrant(ctx, Permission.DISTRICT_DISPOSAL_REQUEST);
      const me = requireStaff(ctx);
      by = { kind: 'STAFF', id: me.staffMemberId };
      where = ' AND target_district_id = $2';
      params.push(me.districtId);
    }
    const [current]: DisposalRow[] = await m.query(
      `SELECT ${COLUMNS} FROM district_disposal WHERE id = $1${where} FOR UPDATE`,
      params,
    );
    const row = found(current, 'DistrictDisposal');
    if (row.status !== 'REQUESTED' && row.status !== 'SCHEDULED') {
      throw conflict(`This disposal is ${row.status.toLowerCase()} and can no longer be cancelled`);
    }
    const [[updated]]: [DisposalRow[], number] = await m.query(
      `UPDATE district_disposal SET status = 'CANCELLED', cancelled_by_kind = $2, cancelled_by = $3, cancelled_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, by.kind, by.id],
    );
    if (by.kind === 'OPERATOR') await auditAsOperator(ctx, m, updated, 'district.disposal.cancel');
    else await recordAudit(ctx, { action: 'district.disposal.cancel', entityType: 'DistrictDisposal', entityId: id });
    return updated;
  },

  /** The operator: every disposal; a district admin: their district's. */
  async list(ctx: RequestContext): Promise<DisposalRow[]> {
    const m = await managerOf(ctx);
    if (ctx.principal?.kind === 'operator') {
      return m.query(`SELECT ${COLUMNS} FROM district_disposal ORDER BY requested_at DESC, id LIMIT 200`);
    }
    requireGrant(ctx, Permission.DISTRICT_DISPOSAL_REQUEST);
    const me = requireStaff(ctx);
    return m.query(
      `SELECT ${COLUMNS} FROM district_disposal WHERE target_district_id = $1 ORDER BY requested_at DESC, id LIMIT 50`,
      [me.districtId],
    );
  },

  async certificates(ctx: RequestContext): Promise<CertificateRow[]> {
    requireOperator(ctx);
    const m = await managerOf(ctx);
    return m.query(
      `SELECT c.*, o.display_name AS scheduled_by_name
         FROM disposal_certificate c LEFT JOIN platform_operator o ON o.id = c.scheduled_by
        ORDER BY c.disposed_at DESC, c.id LIMIT 200`,
    );
  },
};

/** An operator's act on a district, in that district's audit log (until the district is disposed of, with it). */
async function auditAsOperator(ctx: RequestContext, m: EntityManager, row: DisposalRow, action: string): Promise<void> {
  await ctx.tx.apart(
    (x) =>
      x.query(
        `INSERT INTO audit_event (district_id, actor_kind, actor_id, action, entity_type, entity_id, request_id, client)
         VALUES ($1, 'OPERATOR', $2, $3, 'DistrictDisposal', $4, $5, $6)`,
        [
          row.target_district_id,
          (ctx.principal as { operatorId: string }).operatorId,
          action,
          row.id,
          ctx.requestId,
          ctx.client?.slice(0, 200) ?? null,
        ],
      ),
    { districtId: row.target_district_id },
  );
  void m;
}

/**
 * The cron task: carries out every disposal that is due, one transaction each. A district with an export running
 * is left for the next run (its row says why); anything else that fails is recorded on the row and retried.
 */
export const disposeDue: JobHandler = async (_payload, run) => {
  const { dataSource, logger } = run.deps;
  const due: { id: string }[] = await withTenantTransaction(dataSource, { districtId: null }, (m) =>
    m.query(`SELECT id FROM district_disposal WHERE status = 'SCHEDULED' AND due_at <= now() ORDER BY due_at LIMIT 20`),
  );
  for (const { id } of due) {
    if (run.abortSignal.aborted) return;
    try {
      await withTenantTransaction(
        dataSource,
        { districtId: null },
        (m) => m.query(`SELECT dispose_district($1) AS certificate`, [id]),
        { statementTimeoutMs: 30 * 60_000 },
      );
      logger.info('district disposed of', { disposalId: id });
    } catch (error) {
      const code = (error as { code?: string }).code;
      const reason =
        code === 'P0002'
          ? 'An export of the district is running; the disposal waits for it'
          : 'The disposal failed; it is tried again at the next run';
      logger.warn('district disposal postponed', { disposalId: id, code });
      await withTenantTransaction(dataSource, { districtId: null }, (m) =>
        m.query(`UPDATE district_disposal SET last_error = $2 WHERE id = $1 AND status = 'SCHEDULED'`, [id, reason]),
      );
    }
  }
};
