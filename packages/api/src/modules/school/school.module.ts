import type { ApiModule } from '../../graphql/module';
import { SchoolEntity } from './school.entity';
import { SchoolResolver } from './school.resolver';
import { schoolService } from './school.service';

export const schoolModule: ApiModule = {
  name: 'school',
  resolvers: [SchoolResolver],
  entities: [SchoolEntity],
  nodes: { School: (ctx, id) => schoolService.findById(ctx, id) },
};
