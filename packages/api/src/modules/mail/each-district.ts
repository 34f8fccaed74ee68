import { withTenantTransaction } from '../../db/transaction';
import type { JobDeps } from '../../jobs/queue';

/**
 * The scheduled mail tasks' loop: `work` for each active district in turn (each opens its own tenant transaction, so
 * one district's failure or size never holds another's), stopping between districts once the job is told to stop.
 */
export async function eachActiveDistrict(
  deps: JobDeps,
  abortSignal: AbortSignal,
  work: (districtId: string) => Promise<unknown>,
): Promise<void> {
  const districts: { id: string }[] = await withTenantTransaction(
    deps.dataSource,
    { districtId: null, platformOperator: true },
    (m) => m.query(`SELECT id FROM district WHERE status = 'ACTIVE' ORDER BY id`),
  );
  for (const d of districts) {
    if (abortSignal.aborted) return;
    await work(d.id);
  }
}
