import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { District, DistrictConnection } from './district.type';
import { DistrictCreateInput, DistrictPayload, DistrictsArgs, DistrictUpdateInput } from './district.input';
import { districtService } from './district.service';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { decodeId } from '../../graphql/global-id';

@Resolver(() => District)
export class DistrictResolver {
  @Query(() => DistrictConnection, { description: 'Platform operators: every district.' })
  @Allow(Permission.DISTRICT_PROVISION)
  districts(@Ctx() ctx: RequestContext, @Args(() => DistrictsArgs) args: DistrictsArgs): Promise<Page<District>> {
    return districtService.list(ctx, args, args.filter);
  }

  @Query(() => District, { nullable: true, description: 'The district you belong to.' })
  @Allow(Permission.DISTRICT_READ)
  currentDistrict(@Ctx() ctx: RequestContext): Promise<District | null> {
    return districtService.current(ctx);
  }

  @Mutation(() => DistrictPayload, { description: 'Provisions a district (tenant) with its first district admin.' })
  @Allow(Permission.DISTRICT_PROVISION)
  async districtCreate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DistrictCreateInput) input: DistrictCreateInput,
  ): Promise<DistrictPayload> {
    return { district: await districtService.create(ctx, input), sessionsMoved: 0 };
  }

  @Mutation(() => DistrictPayload)
  @Allow(Permission.DISTRICT_PROVISION, Permission.DISTRICT_SETTINGS_MANAGE)
  async districtUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DistrictUpdateInput) input: DistrictUpdateInput,
  ): Promise<DistrictPayload> {
    return districtService.update(ctx, { ...input, id: decodeId(input.id, 'District') });
  }
}
