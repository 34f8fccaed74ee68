import type { ApiModule } from '../../graphql/module';
import { StaffMemberEntity } from './staff-member.entity';
import { StaffMemberResolver } from './staff-member.resolver';
import { staffMemberService } from './staff-member.service';

export const staffModule: ApiModule = {
  name: 'staff',
  resolvers: [StaffMemberResolver],
  entities: [StaffMemberEntity],
  nodes: { StaffMember: (ctx, id) => staffMemberService.findById(ctx, id) },
};
