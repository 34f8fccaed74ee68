import type DataLoader from 'dataloader';
import type { RequestContext } from '../../graphql/context';
import type { RoleAssignment } from './role-assignment.type';
import { roleAssignmentService } from './role-assignment.service';

/** Per-request batch loaders of the role-assignment module. */
export const roleAssignmentLoaders = {
  /** Each person's role assignments that the caller may see. */
  byStaff: (ctx: RequestContext): DataLoader<string, RoleAssignment[]> =>
    ctx.loaders.loader('roleAssignment.byStaff', (ids) => roleAssignmentService.forStaff(ctx, ids)),
};
