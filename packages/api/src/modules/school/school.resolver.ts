import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { School, SchoolConnection } from './school.type';
import { SchoolCreateInput, SchoolPayload, SchoolsArgs, SchoolUpdateInput } from './school.input';
import { schoolService } from './school.service';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { decodeId } from '../../graphql/global-id';

@Resolver(() => School)
export class SchoolResolver {
  @Query(() => SchoolConnection, { description: 'Schools you may read: all of the district, or your own schools.' })
  @Allow(Permission.SCHOOL_READ)
  schools(@Ctx() ctx: RequestContext, @Args(() => SchoolsArgs) args: SchoolsArgs): Promise<Page<School>> {
    return schoolService.list(ctx, args, args.filter, args.orderBy);
  }

  @Query(() => School, { nullable: true })
  @Allow(Permission.SCHOOL_READ)
  school(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<School | null> {
    return schoolService.findById(ctx, decodeId(id, 'School'));
  }

  @Mutation(() => SchoolPayload)
  @Allow(Permission.SCHOOL_MANAGE)
  async schoolCreate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SchoolCreateInput) input: SchoolCreateInput,
  ): Promise<SchoolPayload> {
    return { school: await schoolService.create(ctx, input), sessionsCancelled: 0, conversationsDeactivated: 0 };
  }

  @Mutation(() => SchoolPayload)
  @Allow(Permission.SCHOOL_MANAGE)
  async schoolUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SchoolUpdateInput) input: SchoolUpdateInput,
  ): Promise<SchoolPayload> {
    return schoolService.update(ctx, { ...input, id: decodeId(input.id, 'School') });
  }
}
