import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { Allow, PeopleOnly, SignedIn, requireGrant, requireStaff } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { BadUserInputError } from '../../graphql/errors';
import { toGlobalId } from '../../graphql/global-id';
import { recordAudit } from '../audit/audit.service';
import { MAIL_KINDS, MailKind } from './messages';

registerEnumType(MailKind, { name: 'MailKind', description: 'The kinds of mail Throughline sends.' });

@ObjectType('MailPreference')
export class MailPreference {
  @Field(() => MailKind) kind: MailKind;
  @Field(() => Boolean) enabled: boolean;
}

@InputType('MailPreferenceInput')
export class MailPreferenceInput {
  @Field(() => MailKind) kind: MailKind;
  @Field(() => Boolean) enabled: boolean;
}

@ObjectType('MailSettings', { description: "A district's mail switches and the lead time of session reminders." })
export class MailSettingsType {
  @Field(() => Boolean) invitationsEnabled: boolean;
  @Field(() => Boolean) remindersEnabled: boolean;
  @Field(() => Int, { description: 'Hours before a session its reminder is sent (1 to 168).' })
  reminderLeadHours: number;
}

@InputType('MailSettingsInput')
export class MailSettingsInput {
  @Field(() => Boolean, { nullable: true }) invitationsEnabled?: boolean | null;
  @Field(() => Boolean, { nullable: true }) remindersEnabled?: boolean | null;
  @Field(() => Int, { nullable: true }) reminderLeadHours?: number | null;
}

@ObjectType('MailMessage', {
  description: 'One message of the delivery log; its body only while it is kept in the outbox (no SMTP).',
})
export class MailMessage {
  @Field(() => String) id: string;
  @Field(() => MailKind) kind: MailKind;
  @Field(() => String) to: string;
  @Field(() => String) subject: string;
  @Field(() => String, { description: 'PENDING, SENT, OUTBOX (no SMTP configured) or FAILED.' }) state: string;
  @Field(() => String, { nullable: true }) bodyText: string | null;
  @Field(() => Int) attemptCount: number;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date, { nullable: true }) sentAt: Date | null;
}

const OUTBOX_MAX = 100;

@Resolver()
export class MailResolver {
  @Query(() => [MailPreference], { description: "The caller's mail preferences, one per kind (all on by default)." })
  @SignedIn()
  @PeopleOnly()
  async myMailPreferences(@Ctx() ctx: RequestContext): Promise<MailPreference[]> {
    const staff = requireStaff(ctx);
    const rows: { kind: MailKind; enabled: boolean }[] = await (
      await managerOf(ctx)
    ).query(`SELECT kind, enabled FROM mail_preference WHERE district_id = $1 AND staff_member_id = $2`, [
      staff.districtId,
      staff.staffMemberId,
    ]);
    return MAIL_KINDS.map((kind) => ({ kind, enabled: rows.find((r) => r.kind === kind)?.enabled ?? true }));
  }

  @Mutation(() => [MailPreference], { description: 'Turns kinds of mail on or off for the caller.' })
  @SignedIn()
  @PeopleOnly()
  async mailPreferencesSet(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => [MailPreferenceInput]) input: MailPreferenceInput[],
  ): Promise<MailPreference[]> {
    const staff = requireStaff(ctx);
    if (input.length === 0 || input.length > MAIL_KINDS.length)
      throw new BadUserInputError([{ field: 'input', message: `From 1 to ${MAIL_KINDS.length} preferences` }]);
    const m = await managerOf(ctx);
    for (const p of input)
      await m.query(
        `INSERT INTO mail_preference (district_id, staff_member_id, kind, enabled) VALUES ($1, $2, $3, $4)
         ON CONFLICT (district_id, staff_member_id, kind) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()`,
        [staff.districtId, staff.staffMemberId, p.kind, p.enabled],
      );
    await recordAudit(ctx, {
      action: 'mailPreference.set',
      entityType: 'StaffMember',
      entityId: staff.staffMemberId,
      fields: input.map((p) => p.kind),
    });
    return this.myMailPreferences(ctx);
  }

  @Query(() => MailSettingsType, { description: "The district's mail settings (district admins)." })
  @Allow(Permission.DISTRICT_SETTINGS_MANAGE)
  async mailSettings(@Ctx() ctx: RequestContext): Promise<MailSettingsType> {
    const staff = requireStaff(ctx);
    requireGrant(ctx, Permission.DISTRICT_SETTINGS_MANAGE);
    const [row] = await (
      await managerOf(ctx)
    ).query(
      `SELECT invitations_enabled, reminders_enabled, reminder_lead_hours FROM mail_setting WHERE district_id = $1`,
      [staff.districtId],
    );
    return {
      invitationsEnabled: row?.invitations_enabled ?? true,
      remindersEnabled: row?.reminders_enabled ?? true,
      reminderLeadHours: row?.reminder_lead_hours ?? 24,
    };
  }

  @Mutation(() => MailSettingsType)
  @Allow(Permission.DISTRICT_SETTINGS_MANAGE)
  async mailSettingsUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => MailSettingsInput) input: MailSettingsInput,
  ): Promise<MailSettingsType> {
    const staff = requireStaff(ctx);
    requireGrant(ctx, Permission.DISTRICT_SETTINGS_MANAGE);
    const lead = input.reminderLeadHours;
    if (lead !== undefined && lead !== null && (!Number.isInteger(lead) || lead < 1 || lead > 168))
      throw new BadUserInputError([{ field: 'reminderLeadHours', message: 'From 1 to 168 hours' }]);
    const current = await this.mailSettings(ctx);
    const next = {
      invitationsEnabled: input.invitationsEnabled ?? current.invitationsEnabled,
      remindersEnabled: input.remindersEnabled ?? current.remindersEnabled,
      reminderLeadHours: lead ?? current.reminderLeadHours,
    };
    await (
      await managerOf(ctx)
    ).query(
      `INSERT INTO mail_setting (district_id, invitations_enabled, reminders_enabled, reminder_lead_hours) VALUES ($1, $2, $3, $4)
       ON CONFLICT (district_id) DO UPDATE SET invitations_enabled = EXCLUDED.invitations_enabled,
         reminders_enabled = EXCLUDED.reminders_enabled, reminder_lead_hours = EXCLUDED.reminder_lead_hours,
         version = mail_setting.version + 1, updated_at = now()`,
      [staff.districtId, next.invitationsEnabled, next.remindersEnabled, next.reminderLeadHours],
    );
    await recordAudit(ctx, {
      action: 'mailSettings.update',
      entityType: 'District',
      entityId: staff.districtId,
      fields: Object.entries(input)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k]) => k),
    });
    return next;
  }

  @Query(() => [MailMessage], {
    description: `The district's latest ${OUTBOX_MAX} messages (district admins): the outbox without SMTP.`,
  })
  @Allow(Permission.DISTRICT_SETTINGS_MANAGE)
  async mailOutbox(@Ctx() ctx: RequestContext): Promise<MailMessage[]> {
    const staff = requireStaff(ctx);
    requireGrant(ctx, Permission.DISTRICT_SETTINGS_MANAGE);
    const rows: {
      id: string;
      kind: MailKind;
      to_address: string;
      subject: string;
      state: string;
      body_text: string | null;
      attempt_count: number;
      last_error: string | null;
      created_at: Date;
      sent_at: Date | null;
    }[] = await (
      await managerOf(ctx)
    ).query(
      `SELECT id, kind, to_address, subject, state, CASE WHEN state = 'OUTBOX' THEN body_text END AS body_text,
              attempt_count, last_error, created_at, sent_at
         FROM mail_message WHERE district_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
      [staff.districtId, OUTBOX_MAX],
    );
    return rows.map((r) => ({
      id: toGlobalId('MailMessage', r.id),
      kind: r.kind,
      to: r.to_address,
      subject: r.subject,
      state: r.state,
      bodyText: r.body_text,
      attemptCount: r.attempt_count,
      lastError: r.last_error,
      createdAt: new Date(r.created_at),
      sentAt: r.sent_at ? new Date(r.sent_at) : null,
    }));
  }
}
