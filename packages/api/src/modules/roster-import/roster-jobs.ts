import type { EntityManager } from 'typeorm';
import { TenantTransaction, withTenantTransaction } from '../../db/transaction';
import { addJob, type JobHandler, type JobRun } from '../../jobs/queue';
import type { RequestContext } from '../../graphql/context';
import { Loaders } from '../../graphql/loaders';
import type { Principal } from '../../auth/principal';
import { parseOneRoster, Problems } from './oneroster-parse';
import { buildPlan, type PlanItem } from './plan';
import { applyPlan } from './apply';
import { loadRoleMapping } from './role-mapping';
import { RosterImportEntity, RosterImportProblemEntity, RosterImportStatus } from './roster-import.entity';

/**
 * The import's two background tasks on the one job queue (payloads: ids only).
 * - `rosterImport.validate`: parses the stored zip, checks it, and builds the plan against the district as it is (a
 *   dry run: it writes only the import's status, counts and problems) → PREVIEW_READY, or FAILED with the problems.
 * - `rosterImport.apply` (after the admin confirms): parses and plans again, and carries the plan out, all in one
 *   transaction with the status change to APPLIED; problems found then (the district changed since the preview)
 *   fail the import and write nothing.
 * Either may be interrupted by a worker shutting down: it then throws, nothing of it is committed, and the job runs
 * again later (its status still says where it was).
 */
export const VALIDATE_TASK = 'rosterImport.validate';
export const APPLY_TASK = 'rosterImport.apply';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function ids(payload: unknown): { districtId: string; importId: string } {
  const p = (payload ?? {}) as Record<string, unknown>;
  for (const k of ['districtId', 'importId']) {
    if (typeof p[k] !== 'string' || !UUID.test(p[k] as string)) throw new Error(`job without ${k}`);
  }
  return p as { districtId: string; importId: string };
}

export function enqueueValidation(m: EntityManager, districtId: string, importId: string): Promise<void> {
  return addJob(m, VALIDATE_TASK, { districtId, importId }, { jobKey: `roster-import:${importId}` });
}

export function enqueueApply(m: EntityManager, districtId: string, importId: string): Promise<void> {
  return addJob(m, APPLY_TASK, { districtId, importId }, { jobKey: `roster-import:${importId}` });
}

async function loadContent(m: EntityManager, districtId: string, importId: string) {
  const row = await m
    .createQueryBuilder(RosterImportEntity, 'ri')
    .addSelect('ri.content')
    .where('ri.district_id = :districtId AND ri.id = :importId', { districtId, importId })
    .getOne();
  return row;
}

async function saveProblems(m: EntityManager, districtId: string, importId: string, problems: Problems) {
  await m.delete(RosterImportProblemEntity, { districtId, importId });
  const rows = problems.all().map((p, i) => ({ districtId, importId, seq: i + 1, ...p }));
  for (let i = 0; i < rows.length; i += 500) await m.insert(RosterImportProblemEntity, rows.slice(i, i + 500));
}

/** The plan's browsable list (roster_import_change), replacing an earlier one: a few thousand rows a statement. */
async function saveChanges(m: EntityManager, districtId: string, importId: string, items: readonly PlanItem[]) {
  await m.query(`DELETE FROM roster_import_change WHERE district_id = $1 AND import_id = $2`, [districtId, importId]);
  for (let i = 0; i < items.length; i += 2_000) {
    const page = items.slice(i, i + 2_000);
    await m.query(
      `INSERT INTO roster_import_change
              (district_id, import_id, seq, entity, action, sourced_id, name, detail, file, line, target_id)
       SELECT $1, $2, t.seq, t.entity, t.action, t.sourced_id, t.name, t.detail, t.file, t.line, t.target_id
         FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[],
                     $11::uuid[])
           AS t(seq, entity, action, sourced_id, name, detail, file, line, target_id)`,
      [
        districtId,
        importId,
        page.map((_, j) => i + j + 1),
        page.map((c) => c.entity),
        page.map((c) => c.action),
        page.map((c) => c.sourcedId),
        page.map((c) => c.name.slice(0, 500)),
        page.map((c) => c.detail?.slice(0, 500) ?? null),
        page.map((c) => c.file),
        page.map((c) => c.line),
        page.map((c) => c.targetId ?? null),
      ],
    );
  }
}

/**
 * Records how far applying has got, in a short transaction of its own (the applying one commits only at the end).
 * The applying transaction holds the import row FOR NO KEY UPDATE, which lets this row's foreign key check through.
 */
async function recordProgress(run: JobRun, districtId: string, importId: string, applied: number, total: number) {
  try {
    await withTenantTransaction(run.deps.dataSource, { districtId }, (m) =>
      m.query(
        `INSERT INTO roster_import_progress (district_id, import_id, applied, total) VALUES ($1, $2, $3, $4)
         ON CONFLICT (district_id, import_id) DO UPDATE SET applied = $3, total = $4, updated_at = now()`,
        [districtId, importId, applied, total],
      ),
    );
  } catch (error) {
    // Progress only informs the portal: a busy pool never fails the import over it.
    run.deps.logger.warn('roster import progress not recorded', {
      importId,
      error: (error as Error).message?.slice(0, 300),
    });
  }
}

async function forgetProgress(m: EntityManager, districtId: string, importId: string) {
  await m.query(`DELETE FROM roster_import_progress WHERE district_id = $1 AND import_id = $2`, [districtId, importId]);
}

function failureOf(error: unknown): string {
  return `The import could not be processed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
}

export const validateImport: JobHandler = async (payload, run: JobRun) => {
  const { districtId, importId } = ids(payload);
  const { dataSource } = run.deps;
  const row = await withTenantTransaction(dataSource, { districtId }, async (m) => {
    const current = await loadContent(m, districtId, importId);
    if (!current || ![RosterImportStatus.UPLOADED, RosterImportStatus.VALIDATING].includes(current.status as never))
      return null;
    await m.update(
      RosterImportEntity,
      { districtId, id: importId },
      { status: RosterImportStatus.VALIDATING, updatedAt: new Date() },
    );
    return current;
  });
  if (!row || !row.content) return;
  const problems = new Problems();
  const roster = await parseOneRoster(row.content, problems, run.abortSignal);
  if (run.abortSignal.aborted) throw new Error('The worker is shutting down; the validation runs again');
  await withTenantTransaction(dataSource, { districtId }, async (m) => {
    const current = await m.findOneBy(RosterImportEntity, { districtId, id: importId });
    if (current?.status !== RosterImportStatus.VALIDATING) return;
    // Planned even when reading found errors (the rows that were read): every rejected row is reported at once.
    const plan = roster
      ? await buildPlan(
          m,
          districtId,
          roster,
          {
            grantDistrictAdmin: row.grantDistrictAdmin,
            includeUnrostered: row.includeUnrostered,
            mapping: (await loadRoleMapping(m, districtId)).mapping,
            actorStaffId: row.uploadedByKind === 'STAFF' ? row.uploadedById : null,
          },
          problems,
        )
      : null;
    await saveProblems(m, districtId, importId, problems);
    const failed = !plan || problems.errorCount > 0;
    await saveChanges(m, districtId, importId, failed ? [] : plan.items);
    await m.update(
      RosterImportEntity,
      { districtId, id: importId },
      {
        status: failed ? RosterImportStatus.FAILED : RosterImportStatus.PREVIEW_READY,
        counts: failed ? null : plan.counts,
        errorCount: problems.errorCount,
        warningCount: problems.warningCount,
        failure: failed ? 'The files have problems: nothing was imported' : null,
        validatedAt: new Date(),
        updatedAt: new Date(),
        // A failed import is never applied: its bytes are not kept.
        ...(failed ? { content: null } : {}),
      },
    );
  });
};

/** The principal an applied change is audited as: whoever confirmed the import. */
function actorOf(row: RosterImportEntity): Principal {
  const id = row.appliedById ?? row.uploadedById;
  return (row.appliedByKind ?? row.uploadedByKind) === 'CLIENT'
    ? { kind: 'client', clientId: id, districtId: row.districtId, scopes: [], permissions: [] }
    : { kind: 'staff', staffMemberId: id, districtId: row.districtId, assignments: [], permissions: [] };
}

export const applyImport: JobHandler = async (payload, run: JobRun) => {
  const { districtId, importId } = ids(payload);
  const { dataSource } = run.deps;
  const row = await withTenantTransaction(dataSource, { districtId }, (m) => loadContent(m, districtId, importId));
  if (!row || row.status !== RosterImportStatus.APPLYING || !row.content) return;
  const problems = new Problems();
  const roster = await parseOneRoster(row.content, problems, run.abortSignal);
  if (run.abortSignal.aborted) throw new Error('The worker is shutting down; the import is applied again');

  // One transaction: the plan, every change, its audit events and the status APPLIED, or nothing.
  const tx = new TenantTransaction(dataSource, { districtId }, { statementTimeoutMs: 120_000 });
  const ctx = {
    requestId: `roster-import:${importId}`,
    principal: actorOf(row),
    tx,
    deps: run.deps as unknown as RequestContext['deps'],
    client: 'OneRoster import',
    clientAddress: '',
    loaders: new Loaders(),
    http: { cookies: {}, setCookies: [], secure: false },
  } as RequestContext;
  let outcome: 'applied' | 'problems' | 'gone' = 'gone';
  try {
    const m = await tx.manager();
    const [locked] = await m.query(
      `SELECT status FROM roster_import WHERE district_id = $1 AND id = $2 FOR NO KEY UPDATE`,
      [districtId, importId],
    );
    if (locked?.status === RosterImportStatus.APPLYING) {
      const plan =
        roster && problems.errorCount === 0
          ? await buildPlan(
              m,
              districtId,
              roster,
              {
                grantDistrictAdmin: row.grantDistrictAdmin,
                includeUnrostered: row.includeUnrostered,
                mapping: (await loadRoleMapping(m, districtId)).mapping,
                actorStaffId: actorOf(row).kind === 'staff' ? (row.appliedById ?? row.uploadedById) : null,
              },
              problems,
            )
          : null;
      if (plan && problems.errorCount === 0) {
        await applyPlan(ctx, districtId, plan, (applied, total) =>
          recordProgress(run, districtId, importId, applied, total),
        );
        if (run.abortSignal.aborted) throw new Error('The worker is shutting down; the import is applied again');
        await saveProblems(m, districtId, importId, problems);
        await saveChanges(m, districtId, importId, plan.items);
        await m.update(
          RosterImportEntity,
          { districtId, id: importId },
          {
            status: RosterImportStatus.APPLIED,
            appliedCounts: plan.counts,
            warningCount: problems.warningCount,
            appliedAt: new Date(),
            updatedAt: new Date(),
            content: null,
          },
        );
        outcome = 'applied';
      } else outcome = 'problems';
    }
  } catch (error) {
    tx.fail();
    await tx.finish().catch(() => undefined);
    if (run.abortSignal.aborted) throw error;
    run.deps.logger.error('roster import failed', { importId, error: (error as Error).message?.slice(0, 300) });
    await withTenantTransaction(dataSource, { districtId }, async (m) => {
      // Nothing of it was committed: no progress to show.
      await forgetProgress(m, districtId, importId);
      await m.update(
        RosterImportEntity,
        { districtId, id: importId, status: RosterImportStatus.APPLYING },
        { status: RosterImportStatus.FAILED, failure: failureOf(error), updatedAt: new Date() },
      );
    });
    return;
  }
  await tx.finish();
  if (outcome === 'problems') {
    // The district changed since the preview in a way the file no longer fits: say so, write nothing else.
    await withTenantTransaction(dataSource, { districtId }, async (m) => {
      await saveProblems(m, districtId, importId, problems);
      await m.update(
        RosterImportEntity,
        { districtId, id: importId, status: RosterImportStatus.APPLYING },
        {
          status: RosterImportStatus.FAILED,
          errorCount: problems.errorCount,
          warningCount: problems.warningCount,
          failure: 'The files no longer fit the district (it changed since the preview): nothing was imported',
          content: null,
          updatedAt: new Date(),
        },
      );
    });
  }
};
