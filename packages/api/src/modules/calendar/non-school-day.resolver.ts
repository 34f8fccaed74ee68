import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { NonSchoolDay, NonSchoolDayConnection } from './non-school-day.type';
import {
  NonSchoolDayCreateInput,
  NonSchoolDayDeleteInput,
  NonSchoolDayDeletePayload,
  NonSchoolDayPayload,
  NonSchoolDaysArgs,
  NonSchoolDaysImportInput,
  NonSchoolDaysImportPayload,
  NonSchoolDayUpdateInput,
} from './non-school-day.input';
import { nonSchoolDayService } from './non-school-day.service';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { decodeId, toGlobalId } from '../../graphql/global-id';

const CHANGES =
  'Future sessions of repeating conversations follow: those not yet held, with nothing recorded, leave days that ' +
  'became non-school days, and days that became school days again get theirs. District admins only.';

@Resolver(() => NonSchoolDay)
export class NonSchoolDayResolver {
  @Query(() => NonSchoolDayConnection, {
    description:
      "Your district's calendar of non-school days (holidays, breaks, in-service days), in date order: those that " +
      'touch the days from..to (either may be left open). Cadences skip these days.',
  })
  @Allow(Permission.DISTRICT_READ)
  nonSchoolDays(
    @Ctx() ctx: RequestContext,
    @Args(() => NonSchoolDaysArgs) args: NonSchoolDaysArgs,
  ): Promise<Page<NonSchoolDay>> {
    return nonSchoolDayService.list(ctx, args, { from: args.from, to: args.to });
  }

  @Mutation(() => NonSchoolDayPayload, { description: `Adds a non-school day. ${CHANGES}` })
  @Allow(Permission.DISTRICT_SETTINGS_MANAGE)
  async nonSchoolDayCreate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => NonSchoolDayCreateInput) input: NonSchoolDayCreateInput,
  ): Promise<NonSchoolDayPayload> {
    return nonSchoolDayService.create(ctx, input);
  }

  @Mutation(() => NonSchoolDayPayload, { description: `Changes a non-school day. ${CHANGES}` })
  @Allow(Permission.DISTRICT_SETTINGS_MANAGE)
  async nonSchoolDayUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => NonSchoolDayUpdateInput) input: NonSchoolDayUpdateInput,
  ): Promise<NonSchoolDayPayload> {
    return nonSchoolDayService.update(ctx, { ...input, id: decodeId(input.id, 'NonSchoolDay') });
  }

  @Mutation(() => NonSchoolDayDeletePayload, { description: `Deletes a non-school day. ${CHANGES}` })
  @Allow(Permission.DISTRICT_SETTINGS_MANAGE)
  async nonSchoolDayDelete(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => NonSchoolDayDeleteInput) input: NonSchoolDayDeleteInput,
  ): Promise<NonSchoolDayDeletePayload> {
    const result = await nonSchoolDayService.delete(ctx, { ...input, id: decodeId(input.id, 'NonSchoolDay') });
    return { ...result, deletedId: toGlobalId('NonSchoolDay', result.deletedId) };
  }

  @Mutation(() => NonSchoolDaysImportPayload, {
    description:
      'Imports the events of an iCalendar (.ics) file as non-school days, keyed by their UID: importing the same ' +
      `file again adds nothing and updates what changed. A file that cannot be used is BAD_USER_INPUT on icalendar, and nothing is written. ${CHANGES}`,
  })
  @Allow(Permission.DISTRICT_SETTINGS_MANAGE)
  async nonSchoolDaysImport(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => NonSchoolDaysImportInput) input: NonSchoolDaysImportInput,
  ): Promise<NonSchoolDaysImportPayload> {
    return nonSchoolDayService.import(ctx, input);
  }
}
