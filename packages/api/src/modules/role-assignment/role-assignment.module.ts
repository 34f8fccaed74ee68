import type { ApiModule } from '../../graphql/module';
import { RoleAssignmentEntity } from './role-assignment.entity';
import { RoleAssignmentResolver } from './role-assignment.resolver';
import { roleAssignmentService } from './role-assignment.service';

export const roleAssignmentModule: ApiModule = {
  name: 'role-assignment',
  resolvers: [RoleAssignmentResolver],
  entities: [RoleAssignmentEntity],
  nodes: { RoleAssignment: (ctx, id) => roleAssignmentService.findById(ctx, id) },
};
