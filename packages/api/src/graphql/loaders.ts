import DataLoader from 'dataloader';
import type { RequestContext } from './context';
import { School } from '../modules/school/school.type';
import { StaffMember } from '../modules/staff/staff-member.type';
import type { RoleAssignment } from '../modules/role-assignment/role-assignment.type';
import { schoolService } from '../modules/school/school.service';
import { staffMemberService } from '../modules/staff/staff-member.service';
import { roleAssignmentService } from '../modules/role-assignment/role-assignment.service';

function byId<T extends { id: string }>(ids: readonly string[], rows: T[]): (T | null)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}

/**
 * Per-request batch loaders over the request's own transaction (so they see exactly what the caller may see,
 * through both walls). Built lazily: a request pays only for the loaders it uses.
 */
export class Loaders {
  constructor(private readonly ctx: RequestContext) {}

  private cache = new Map<string, DataLoader<string, unknown>>();

  private loader<V>(name: string, batch: (ids: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
    let l = this.cache.get(name) as DataLoader<string, V> | undefined;
    if (!l) {
      l = new DataLoader<string, V>(batch, { maxBatchSize: 500 });
      this.cache.set(name, l as DataLoader<string, unknown>);
    }
    return l;
  }

  get schoolById(): DataLoader<string, School | null> {
    return this.loader('schoolById', async (ids) => {
      const qb = await schoolService.scopedQuery(this.ctx);
      return byId(ids, await qb.andWhere('s.id = ANY(:ids)', { ids: [...ids] }).getMany()).map((e) =>
        e ? School.from(e) : null,
      );
    });
  }

  get staffById(): DataLoader<string, StaffMember | null> {
    return this.loader('staffById', async (ids) => {
      const qb = await staffMemberService.scoped(this.ctx);
      return byId(ids, await qb.andWhere('sm.id = ANY(:ids)', { ids: [...ids] }).getMany()).map((e) =>
        e ? StaffMember.from(e) : null,
      );
    });
  }

  get roleAssignmentsByStaff(): DataLoader<string, RoleAssignment[]> {
    return this.loader('roleAssignmentsByStaff', (ids) => roleAssignmentService.forStaff(this.ctx, ids));
  }
}
