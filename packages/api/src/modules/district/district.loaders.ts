import type { RequestContext } from '../../graphql/context';
import { managerOf } from '../../graphql/context';
import { DistrictEntity } from './district.entity';

/** The caller's district (staff, API client), read at most once per request; null for operators. */
export async function districtOfCaller(ctx: RequestContext): Promise<DistrictEntity | null> {
  const p = ctx.principal;
  if (!p || p.kind === 'operator') return null;
  const loader = ctx.loaders.loader<DistrictEntity | null>('district.ofCaller', async (ids) => {
    const rows = await (
      await managerOf(ctx)
    )
      .createQueryBuilder(DistrictEntity, 'd')
      .where('d.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  });
  return loader.load(p.districtId);
}

/** The caller's district time zone (IANA), read at most once per request; UTC for anyone but staff. */
export async function districtTimezone(ctx: RequestContext): Promise<string> {
  return (await districtOfCaller(ctx))?.timezone ?? 'UTC';
}
