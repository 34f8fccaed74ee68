import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { PeopleOnly, SignedIn } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import { decodeId } from '../../graphql/global-id';
import { calendarFeedService } from './feed.service';
import {
  CalendarFeed,
  CalendarFeedCreateInput,
  CalendarFeedKind,
  CalendarFeedPayload,
  CalendarFeedRevokeInput,
  CalendarFeedRevokePayload,
} from './feed.type';

function originOf(ctx: RequestContext): string {
  return ctx.deps.sso?.publicUrl ?? ctx.http.origin ?? '';
}

@Resolver(() => CalendarFeed)
export class CalendarFeedResolver {
  @Query(() => [CalendarFeed], {
    description: "The caller's live calendar feeds, at most 100 (their URLs were shown once).",
  })
  @SignedIn()
  @PeopleOnly()
  myCalendarFeeds(@Ctx() ctx: RequestContext): Promise<CalendarFeed[]> {
    return calendarFeedService.mine(ctx);
  }

  @Mutation(() => CalendarFeedPayload, {
    description:
      'A new private calendar feed URL, shown this once; a live feed of the same kind and target stops working (regenerate).',
  })
  @SignedIn()
  @PeopleOnly()
  calendarFeedCreate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CalendarFeedCreateInput, { defaultValue: { kind: CalendarFeedKind.PERSON } })
    input: CalendarFeedCreateInput,
  ): Promise<CalendarFeedPayload> {
    return calendarFeedService.create(
      ctx,
      {
        kind: input.kind,
        schoolId: input.schoolId ? decodeId(input.schoolId, 'School') : null,
        conversationId: input.conversationId ? decodeId(input.conversationId, 'LearningConversation') : null,
      },
      originOf(ctx),
    );
  }

  @Mutation(() => CalendarFeedRevokePayload, {
    description: 'Stops a calendar feed URL from working (404 from then on).',
  })
  @SignedIn()
  @PeopleOnly()
  async calendarFeedRevoke(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CalendarFeedRevokeInput) input: CalendarFeedRevokeInput,
  ): Promise<CalendarFeedRevokePayload> {
    await calendarFeedService.revoke(ctx, decodeId(input.id, 'CalendarFeed'));
    return { id: input.id };
  }
}
