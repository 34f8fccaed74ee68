import DataLoader from 'dataloader';
import type { RequestContext } from '../../graphql/context';
import type { Skill } from './library.types';
import type { SkillTraining } from './skill-training.type';
import { skillService } from './library-kinds';
import { skillTrainingService } from './skill-training.service';

/**
 * Per-request batch loaders of this module (graphql/loaders.ts belongs to the shared core). Keyed by the request's
 * context, so they live and die with the request and see what its caller may see.
 */
const perRequest = new WeakMap<RequestContext, Map<string, DataLoader<string, unknown>>>();

function loaderOf<V>(
  ctx: RequestContext,
  name: string,
  batch: (ids: readonly string[]) => Promise<V[]>,
): DataLoader<string, V> {
  let loaders = perRequest.get(ctx);
  if (!loaders) perRequest.set(ctx, (loaders = new Map()));
  let loader = loaders.get(name) as DataLoader<string, V> | undefined;
  if (!loader) {
    loader = new DataLoader<string, V>(batch, { maxBatchSize: 500 });
    loaders.set(name, loader as DataLoader<string, unknown>);
  }
  return loader;
}

export function skillById(ctx: RequestContext): DataLoader<string, Skill | null> {
  return loaderOf(ctx, 'skillById', async (ids) => {
    const skills = await skillService.findMany(ctx, ids);
    const map = new Map(skills.map((s) => [s.rawId, s]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

export function trainingsBySkill(ctx: RequestContext): DataLoader<string, SkillTraining[]> {
  return loaderOf(ctx, 'trainingsBySkill', async (skillIds) => {
    const trainings = await skillTrainingService.forSkills(ctx, skillIds);
    return skillIds.map((id) => trainings.filter((t) => t.skillId === id));
  });
}
