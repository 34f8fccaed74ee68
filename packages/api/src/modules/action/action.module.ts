import type { ApiModule } from '../../graphql/module';
import { ActionEntity } from './action.entity';
import { ActionResolver } from './action.resolver';
import { actionService } from './action.service';

export const actionModule: ApiModule = {
  name: 'action',
  resolvers: [ActionResolver],
  entities: [ActionEntity],
  nodes: { ActionItem: (ctx, id) => actionService.findById(ctx, id) },
};
