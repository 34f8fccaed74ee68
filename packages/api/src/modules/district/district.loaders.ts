import type { RequestContext } from '../../graphql/context';
import { managerOf } from '../../graphql/context';
import { DistrictEntity } from './district.entity';

/** The caller's district time zone (IANA), read at most once per request. */
export async function districtTimezone(ctx: RequestContext): Promise<string> {
  const p = ctx.principal;
  if (p?.kind !== 'staff') return 'UTC';
  const loader = ctx.loaders.loader<string>('district.timezone', async (ids) => {
    const rows = await (
      await managerOf(ctx)
    )
      .createQueryBuilder(DistrictEntity, 'd')
      .where('d.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
    return ids.map((id) => rows.find((r) => r.id === id)?.timezone ?? 'UTC');
  });
  return loader.load(p.districtId);
}
