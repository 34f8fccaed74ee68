import type DataLoader from 'dataloader';
import type { RequestContext } from '../../graphql/context';
import type { Reflection, ReflectionAnswer } from './reflection.type';
import { reflectionService } from './reflection.service';

export const reflectionLoaders = {
  bySession: (ctx: RequestContext): DataLoader<string, Reflection[]> =>
    ctx.loaders.loader('reflection.bySession', (ids) => reflectionService.forSessions(ctx, ids)),
  answers: (ctx: RequestContext): DataLoader<string, ReflectionAnswer[]> =>
    ctx.loaders.loader('reflection.answers', (ids) => reflectionService.answers(ctx, ids)),
};
