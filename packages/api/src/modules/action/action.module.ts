import type { ApiModule } from '../../graphql/module';
import { ActionDateChangeEntity, ActionEntity } from './action.entity';
import { ActionDateChangeResolver, ActionResolver, PracticeChangeCheckResolver } from './action.resolver';
import { actionService } from './action.service';

export const actionModule: ApiModule = {
  name: 'action',
  resolvers: [ActionResolver, PracticeChangeCheckResolver, ActionDateChangeResolver],
  entities: [ActionEntity, ActionDateChangeEntity],
  nodes: { ActionItem: (ctx, id) => actionService.findById(ctx, id) },
};
