import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { DistrictSettings } from './district-settings.type';
import { DistrictSettingsPayload, DistrictSettingsUpdateInput } from './district-settings.input';
import { districtSettingsService } from './district-settings.service';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';

@Resolver(() => DistrictSettings)
export class DistrictSettingsResolver {
  @Query(() => DistrictSettings, {
    description:
      "Your district's evidence window, strategy-health thresholds, and the settings of whether a session happened.",
  })
  @Allow(Permission.LIBRARY_READ)
  districtSettings(@Ctx() ctx: RequestContext): Promise<DistrictSettings> {
    return districtSettingsService.get(ctx);
  }

  @Mutation(() => DistrictSettingsPayload, { description: 'District admins only.' })
  @Allow(Permission.DISTRICT_SETTINGS_MANAGE)
  async districtSettingsUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DistrictSettingsUpdateInput) input: DistrictSettingsUpdateInput,
  ): Promise<DistrictSettingsPayload> {
    return { districtSettings: await districtSettingsService.update(ctx, input) };
  }
}
