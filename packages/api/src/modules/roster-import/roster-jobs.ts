import type { EntityManager } from 'typeorm';
import { TenantTransaction, withTenantTransaction } from '../../db/transaction';
import { addJob, type JobHandler, type JobRun } from '../../jobs/queue';
import type { RequestContext } from '../../graphql/context';
import { Loaders } from '../../graphql/loaders';
import type { Principal } from '../../auth/principal';
import { parseOneRoster, Problems } from './oneroster-parse';
import { buildPlan } from './plan';
import { applyPlan } from './apply';
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
    const plan =
      roster && problems.errorCount === 0
        ? await buildPlan(
            m,
            districtId,
            roster,
            {
              grantDistrictAdmin: row.grantDistrictAdmin,
              actorStaffId: row.uploadedByKind === 'STAFF' ? row.uploadedById : null,
            },
            problems,
          )
        : null;
    await saveProblems(m, districtId, importId, problems);
    const failed = !plan || problems.errorCount > 0;
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
    const [locked] = await m.query(`SELECT status FROM roster_import WHERE district_id = $1 AND id = $2 FOR UPDATE`, [
      districtId,
      importId,
    ]);
    if (locked?.status === RosterImportStatus.APPLYING) {
      const plan =
        roster && problems.errorCount === 0
          ? await buildPlan(
              m,
              districtId,
              roster,
              {
                grantDistrictAdmin: row.grantDistrictAdmin,
                actorStaffId: actorOf(row).kind === 'staff' ? (row.appliedById ?? row.uploadedById) : null,
              },
              problems,
            )
          : null;
      if (plan && problems.errorCount === 0) {
        await applyPlan(ctx, districtId, plan);
        if (run.abortSignal.aborted) throw new Error('The worker is shutting down; the import is applied again');
        await saveProblems(m, districtId, importId, problems);
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
    await withTenantTransaction(dataSource, { districtId }, (m) =>
      m.update(
        RosterImportEntity,
        { districtId, id: importId, status: RosterImportStatus.APPLYING },
        { status: RosterImportStatus.FAILED, failure: failureOf(error), updatedAt: new Date() },
      ),
    );
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
