import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { Allow, PeopleOnly } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import { mapPage, type Page } from '../../graphql/connection';
import { InputChecker } from '../../graphql/errors';
import { decodeId, wellFormedId } from '../../graphql/global-id';
import { Session } from '../session/session.type';
import { sessionById } from '../session/session.byid';
import { StaffMember } from '../staff/staff-member.type';
import { staffLoaders } from '../staff/staff-member.loaders';
import { consentService } from './consent.service';
import {
  ConsentSettings,
  ConsentSettingsPayload,
  ConsentSettingsUpdateInput,
  LearnerConsent,
  LearnerConsentConnection,
  LearnerConsentPayload,
  LearnerConsentRecordingSetInput,
  LearnerConsentRecordInput,
  LearnerConsentsArgs,
  LearnerConsentWithdrawInput,
} from './consent.types';

@Resolver(() => LearnerConsent)
export class LearnerConsentResolver {
  @Query(() => LearnerConsentConnection, {
    description: 'The consent register: consents of the sessions you may read, newest first.',
  })
  @Allow(Permission.SESSION_READ)
  async learnerConsents(
    @Ctx() ctx: RequestContext,
    @Args(() => LearnerConsentsArgs) args: LearnerConsentsArgs,
  ): Promise<Page<LearnerConsent>> {
    const c = new InputChecker();
    const sessionId = wellFormedId(c, 'filter.sessionId', args.filter?.sessionId, 'ConversationSession');
    c.throwIfAny();
    return mapPage(
      await consentService.list(ctx, args, { sessionId, withdrawn: args.filter?.withdrawn }),
      LearnerConsent.from,
    );
  }

  @Mutation(() => LearnerConsentPayload, {
    description:
      "Records that a learner agreed to a learning partnership session being recorded (and their guardian, where the district asks). The session's facilitator, or whoever may log it.",
  })
  @Allow(Permission.SESSION_READ)
  @PeopleOnly()
  async learnerConsentRecord(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => LearnerConsentRecordInput) input: LearnerConsentRecordInput,
  ): Promise<LearnerConsentPayload> {
    const consent = await consentService.record(ctx, {
      ...input,
      sessionId: decodeId(input.sessionId, 'ConversationSession'),
    });
    return { consent: LearnerConsent.from(consent) };
  }

  @Mutation(() => LearnerConsentPayload, { description: 'Sets or clears where the recording is kept.' })
  @Allow(Permission.SESSION_READ)
  @PeopleOnly()
  async learnerConsentRecordingSet(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => LearnerConsentRecordingSetInput) input: LearnerConsentRecordingSetInput,
  ): Promise<LearnerConsentPayload> {
    const consent = await consentService.setRecording(
      ctx,
      decodeId(input.id, 'LearnerConsent'),
      input.version,
      input.recordingReference ?? null,
    );
    return { consent: LearnerConsent.from(consent) };
  }

  @Mutation(() => LearnerConsentPayload, {
    description:
      "Withdraws a consent: the recording reference (and any student id) is cleared, and the session's notes, check-in/out lines and reflection answers are replaced by a notice. The consent stays in the register.",
  })
  @Allow(Permission.SESSION_READ)
  @PeopleOnly()
  async learnerConsentWithdraw(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => LearnerConsentWithdrawInput) input: LearnerConsentWithdrawInput,
  ): Promise<LearnerConsentPayload> {
    const consent = await consentService.withdraw(ctx, decodeId(input.id, 'LearnerConsent'), input.version);
    return { consent: LearnerConsent.from(consent) };
  }

  @Query(() => ConsentSettings, { description: 'How the district records learners’ consent.' })
  @Allow(Permission.DISTRICT_READ)
  async consentSettings(@Ctx() ctx: RequestContext): Promise<ConsentSettings> {
    return ConsentSettings.from(await consentService.settings(ctx));
  }

  @Mutation(() => ConsentSettingsPayload, { description: 'District admins: how the district records consent.' })
  @Allow(Permission.DISTRICT_SETTINGS_MANAGE)
  async consentSettingsUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ConsentSettingsUpdateInput) input: ConsentSettingsUpdateInput,
  ): Promise<ConsentSettingsPayload> {
    return { consentSettings: ConsentSettings.from(await consentService.updateSettings(ctx, input)) };
  }

  @FieldResolver(() => Session, { nullable: true, description: 'The learning partnership session.' })
  session(@Ctx() ctx: RequestContext, @Root() c: LearnerConsent): Promise<Session | null> {
    return sessionById(ctx).load(c.entity.sessionId);
  }

  @FieldResolver(() => StaffMember, { nullable: true, description: 'Who recorded it (when you may see them).' })
  recordedBy(@Ctx() ctx: RequestContext, @Root() c: LearnerConsent): Promise<StaffMember | null> {
    return staffLoaders.byId(ctx).load(c.entity.recordedBy);
  }

  @FieldResolver(() => StaffMember, { nullable: true, description: 'Who recorded the withdrawal.' })
  withdrawnBy(@Ctx() ctx: RequestContext, @Root() c: LearnerConsent): Promise<StaffMember | null> {
    return c.entity.withdrawnBy ? staffLoaders.byId(ctx).load(c.entity.withdrawnBy) : Promise.resolve(null);
  }

  @FieldResolver(() => Boolean, {
    description: "True when the learner's label, student id and recording reference are withheld from you.",
  })
  async confidentialWithheld(@Ctx() ctx: RequestContext, @Root() c: LearnerConsent): Promise<boolean> {
    return !(await consentService.mayRead(ctx, c.entity));
  }

  @FieldResolver(() => String, { nullable: true, description: 'Confidential: null outside the boundary.' })
  learnerLabel(@Ctx() ctx: RequestContext, @Root() c: LearnerConsent): Promise<string | null> {
    return consentService.readConfidential(ctx, c.entity, 'learnerLabel', c.entity.learnerLabel);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Confidential: null outside the boundary.' })
  studentId(@Ctx() ctx: RequestContext, @Root() c: LearnerConsent): Promise<string | null> {
    return consentService.readConfidential(ctx, c.entity, 'studentId', c.entity.studentId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Confidential: where the recording is kept; null outside the boundary, and once withdrawn.',
  })
  recordingReference(@Ctx() ctx: RequestContext, @Root() c: LearnerConsent): Promise<string | null> {
    return consentService.readConfidential(ctx, c.entity, 'recordingReference', c.entity.recordingReference);
  }
}

@Resolver(() => Session)
export class SessionConsentsResolver {
  @FieldResolver(() => [LearnerConsent], {
    description: 'Learners’ consents to this session being recorded (learning partnership conversations).',
  })
  async learnerConsents(@Ctx() ctx: RequestContext, @Root() s: Session): Promise<LearnerConsent[]> {
    const rows = await ctx.loaders
      .loader('session.learnerConsents', (ids) => consentService.ofSessions(ctx, ids))
      .load(s.rawId);
    return rows.map(LearnerConsent.from);
  }
}
