import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from 'type-graphql';
import { Permission } from '@throughline/shared';
import { Allow, PeopleOnly, SignedIn, requireGrant, requireStaff } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { BadUserInputError, ConflictError, InputChecker } from '../../graphql/errors';
import { toGlobalId, wellFormedId } from '../../graphql/global-id';
import { ConnectionType, mapPage, PageArgs, type Page } from '../../graphql/connection';
import { isTimeZone } from '../../graphql/validate';
import { MailLanguage } from '../../graphql/language';
import { recordAudit } from '../audit/audit.service';
import { DEFAULT_HOURLY_LIMIT, KindMode, MAIL_KINDS, MailKind, recipientOptions } from './messages';
import { OUTBOX_STATES, outboxPage, shownBody } from './outbox.service';

registerEnumType(MailKind, { name: 'MailKind', description: 'The kinds of mail Throughline sends.' });
registerEnumType(KindMode, {
  name: 'MailKindMode',
  description:
    "A district's default for a kind of mail: ON (everyone unless they turn it off), OPT_IN (only those who turn it on), OFF (nobody).",
});

// The enum lives in graphql/language.ts (cadence descriptions take it too); re-exported for this module's callers.
export { MailLanguage };

/** The kinds a person chooses one by one (the daily digest is a way of receiving the others: MailProfile.digest). */
const PERSONAL_KINDS = MAIL_KINDS.filter((k) => k !== MailKind.DAILY_DIGEST);

@ObjectType('MailPreference', { description: 'Whether you get a kind of mail: your choice over the district default.' })
export class MailPreference {
  @Field(() => MailKind) kind: MailKind;
  @Field(() => Boolean, { description: 'Whether you get it now (the district may have turned it off).' })
  enabled: boolean;
  @Field(() => Boolean, { nullable: true, description: 'Your own choice; null: the district default applies.' })
  chosen: boolean | null;
  @Field(() => KindMode) districtMode: KindMode;
}

@InputType('MailPreferenceInput')
export class MailPreferenceInput {
  @Field(() => MailKind) kind: MailKind;
  @Field(() => Boolean) enabled: boolean;
}

@ObjectType('MailProfile', {
  description:
    'How your mail reaches you: language, time zone, quiet hours (messages due inside them wait for their end) and the daily digest. Null fields follow the district.',
})
export class MailProfile {
  @Field(() => MailLanguage, { nullable: true }) language: MailLanguage | null;
  @Field(() => String, { nullable: true, description: 'An IANA zone; null: the district’s.' }) timezone: string | null;
  @Field(() => Boolean, { description: 'Your own quiet hours (quietStart–quietEnd, none if both are null).' })
  ownQuietHours: boolean;
  @Field(() => String, { nullable: true, description: 'HH:MM, local.' }) quietStart: string | null;
  @Field(() => String, { nullable: true, description: 'HH:MM, local.' }) quietEnd: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Reminders and nudges in one message a day; null: the district default.',
  })
  digest: boolean | null;
  @Field(() => MailLanguage) effectiveLanguage: MailLanguage;
  @Field(() => String) effectiveTimezone: string;
  @Field(() => String, { nullable: true }) effectiveQuietStart: string | null;
  @Field(() => String, { nullable: true }) effectiveQuietEnd: string | null;
  @Field(() => Boolean) effectiveDigest: boolean;
  @Field(() => Boolean, { description: 'Whether the district offers the daily digest.' }) digestAvailable: boolean;
}

@InputType('MailProfileInput', {
  description: 'Changes only the fields given; null sets a field back to the district’s.',
})
export class MailProfileInput {
  @Field(() => MailLanguage, { nullable: true }) language?: MailLanguage | null;
  @Field(() => String, { nullable: true }) timezone?: string | null;
  @Field(() => Boolean, { nullable: true }) ownQuietHours?: boolean | null;
  @Field(() => String, { nullable: true }) quietStart?: string | null;
  @Field(() => String, { nullable: true }) quietEnd?: string | null;
  @Field(() => Boolean, { nullable: true }) digest?: boolean | null;
}

@ObjectType('MailKindSetting')
export class MailKindSetting {
  @Field(() => MailKind) kind: MailKind;
  @Field(() => KindMode) mode: KindMode;
}

@InputType('MailKindSettingInput')
export class MailKindSettingInput {
  @Field(() => MailKind) kind: MailKind;
  @Field(() => KindMode) mode: KindMode;
}

@ObjectType('MailSettings', {
  description: "A district's mail: switches, defaults, quiet hours, digest and send rate.",
})
export class MailSettingsType {
  @Field(() => Boolean) invitationsEnabled: boolean;
  @Field(() => Boolean) remindersEnabled: boolean;
  @Field(() => Int, { description: 'Hours before a session its reminder is sent (1 to 168).' })
  reminderLeadHours: number;
  @Field(() => [MailKindSetting], { description: 'The default of each kind.' }) kinds: MailKindSetting[];
  @Field(() => String, { nullable: true, description: "Quiet hours' start, HH:MM in the district's zone." })
  quietStart: string | null;
  @Field(() => String, { nullable: true }) quietEnd: string | null;
  @Field(() => Boolean, { description: 'People get a daily digest instead of single reminders unless they choose.' })
  digestDefault: boolean;
  @Field(() => Int, { description: 'The local hour (0-23) daily digests are sent at.' }) digestHour: number;
  @Field(() => MailLanguage, { description: 'The language of messages to people who have not chosen one.' })
  language: MailLanguage;
  @Field(() => Int, { description: 'The most messages the district sends through SMTP in an hour.' })
  hourlyLimit: number;
  @Field(() => Boolean, {
    description: 'Keep all mail in the outbox even when SMTP is configured (demo districts start so).',
  })
  outboxOnly: boolean;
  @Field(() => Int, {
    description: 'Pass it back with mailSettingsUpdate (0 before the first change); a stale version is a CONFLICT.',
  })
  version: number;
}

@InputType('MailSettingsInput', {
  description:
    'Changes only the fields given; null quiet hours mean none. `version` is the one read: a stale one is a CONFLICT and writes nothing.',
})
export class MailSettingsInput {
  @Field(() => Int) version: number;
  @Field(() => Boolean, { nullable: true }) invitationsEnabled?: boolean | null;
  @Field(() => Boolean, { nullable: true }) remindersEnabled?: boolean | null;
  @Field(() => Int, { nullable: true }) reminderLeadHours?: number | null;
  @Field(() => [MailKindSettingInput], { nullable: true }) kinds?: MailKindSettingInput[] | null;
  @Field(() => String, { nullable: true }) quietStart?: string | null;
  @Field(() => String, { nullable: true }) quietEnd?: string | null;
  @Field(() => Boolean, { nullable: true }) digestDefault?: boolean | null;
  @Field(() => Int, { nullable: true }) digestHour?: number | null;
  @Field(() => MailLanguage, { nullable: true }) language?: MailLanguage | null;
  @Field(() => Int, { nullable: true }) hourlyLimit?: number | null;
  @Field(() => Boolean, { nullable: true }) outboxOnly?: boolean | null;
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
  @Field(() => MailLanguage) language: MailLanguage;
  @Field(() => Date, { nullable: true, description: 'Held back until the end of the recipient’s quiet hours.' })
  deferredUntil: Date | null;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date, { nullable: true }) sentAt: Date | null;
}

export const MailMessageConnection = ConnectionType(MailMessage, 'MailMessage');

@InputType('MailOutboxFilter')
export class MailOutboxFilter {
  @Field(() => MailKind, { nullable: true }) kind?: MailKind | null;
  @Field(() => String, { nullable: true, description: 'PENDING, SENT, OUTBOX (no SMTP configured) or FAILED.' })
  state?: string | null;
  @Field(() => String, { nullable: true, description: "Part of the recipient's address (case-insensitive)." })
  recipient?: string | null;
}

@ArgsType()
export class MailOutboxArgs extends PageArgs {
  @Field(() => MailOutboxFilter, { nullable: true }) filter?: MailOutboxFilter | null;
  @Field(() => ID, {
    nullable: true,
    description: 'The platform operator names the district; a district admin may leave it out (their own).',
  })
  districtId?: string | null;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const hhmm = (t: string | null): string | null => (t ? t.slice(0, 5) : null);

/** Quiet hours given as a pair: both HH:MM and different, or both null (none). */
function checkQuietHours(c: InputChecker, start: string | null, end: string | null): void {
  if ((start === null) !== (end === null))
    c.add(start === null ? 'quietStart' : 'quietEnd', 'Give both ends, or neither');
  if (start !== null && !HHMM.test(start)) c.add('quietStart', 'A local time, HH:MM');
  if (end !== null && !HHMM.test(end)) c.add('quietEnd', 'A local time, HH:MM');
  if (start !== null && start === end) c.add('quietEnd', 'Must differ from quietStart');
}

interface SettingsRow {
  invitations_enabled: boolean;
  reminders_enabled: boolean;
  reminder_lead_hours: number;
  quiet_start: string | null;
  quiet_end: string | null;
  digest_default: boolean;
  digest_hour: number;
  language: MailLanguage;
  hourly_limit: number;
  outbox_only: boolean;
  version: number;
}

@Resolver()
export class MailResolver {
  @Query(() => [MailPreference], {
    description: "The caller's mail, one entry per kind: their choice over the district's default.",
  })
  @SignedIn()
  @PeopleOnly()
  async myMailPreferences(@Ctx() ctx: RequestContext): Promise<MailPreference[]> {
    const staff = requireStaff(ctx);
    const m = await managerOf(ctx);
    const rows: { kind: MailKind; enabled: boolean }[] = await m.query(
      `SELECT kind, enabled FROM mail_preference WHERE district_id = $1 AND staff_member_id = $2`,
      [staff.districtId, staff.staffMemberId],
    );
    const modes: { kind: MailKind; mode: KindMode }[] = await m.query(
      `SELECT kind, mode FROM mail_kind_setting WHERE district_id = $1`,
      [staff.districtId],
    );
    return PERSONAL_KINDS.map((kind) => {
      const chosen = rows.find((r) => r.kind === kind)?.enabled ?? null;
      const districtMode = modes.find((r) => r.kind === kind)?.mode ?? KindMode.ON;
      return {
        kind,
        chosen,
        districtMode,
        enabled: districtMode !== KindMode.OFF && (chosen ?? districtMode === KindMode.ON),
      };
    });
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
    const c = new InputChecker();
    input.forEach((p, i) => {
      if (p.kind === MailKind.DAILY_DIGEST)
        c.add(`input.${i}.kind`, 'The daily digest is chosen with mailProfileSet (digest)');
      if (input.findIndex((q) => q.kind === p.kind) !== i) c.add(`input.${i}.kind`, 'Given twice');
    });
    c.throwIfAny();
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

  @Query(() => MailProfile, {
    description: "How the caller's mail reaches them (language, zone, quiet hours, digest).",
  })
  @SignedIn()
  @PeopleOnly()
  async myMailProfile(@Ctx() ctx: RequestContext): Promise<MailProfile> {
    const staff = requireStaff(ctx);
    const m = await managerOf(ctx);
    const [row] = await m.query(
      `SELECT language, timezone, own_quiet_hours, quiet_start::text, quiet_end::text, digest
         FROM mail_profile WHERE district_id = $1 AND staff_member_id = $2`,
      [staff.districtId, staff.staffMemberId],
    );
    const [district] = await m.query(
      `SELECT d.timezone, ms.quiet_start::text AS quiet_start, ms.quiet_end::text AS quiet_end,
              coalesce((SELECT mode FROM mail_kind_setting k WHERE k.district_id = d.id AND k.kind = 'DAILY_DIGEST'), 'ON') <> 'OFF' AS digest_available
         FROM district d LEFT JOIN mail_setting ms ON ms.district_id = d.id WHERE d.id = $1`,
      [staff.districtId],
    );
    const effective = await recipientOptions(m, staff.districtId, staff.staffMemberId, MailKind.SESSION_REMINDER);
    const own = Boolean(row?.own_quiet_hours);
    return {
      language: row?.language ?? null,
      timezone: row?.timezone ?? null,
      ownQuietHours: own,
      quietStart: hhmm(row?.quiet_start ?? null),
      quietEnd: hhmm(row?.quiet_end ?? null),
      digest: row?.digest ?? null,
      effectiveLanguage: effective.lang,
      effectiveTimezone: effective.timezone,
      effectiveQuietStart: own ? hhmm(row.quiet_start) : hhmm(district.quiet_start),
      effectiveQuietEnd: own ? hhmm(row.quiet_end) : hhmm(district.quiet_end),
      effectiveDigest: effective.digest,
      digestAvailable: Boolean(district.digest_available),
    };
  }

  @Mutation(() => MailProfile, { description: "Changes how the caller's mail reaches them." })
  @SignedIn()
  @PeopleOnly()
  async mailProfileSet(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => MailProfileInput) input: MailProfileInput,
  ): Promise<MailProfile> {
    const staff = requireStaff(ctx);
    const m = await managerOf(ctx);
    const current = await this.myMailProfile(ctx);
    const next = {
      language: input.language === undefined ? current.language : input.language,
      timezone: input.timezone === undefined ? current.timezone : input.timezone,
      ownQuietHours: input.ownQuietHours ?? current.ownQuietHours,
      quietStart: input.quietStart === undefined ? current.quietStart : input.quietStart,
      quietEnd: input.quietEnd === undefined ? current.quietEnd : input.quietEnd,
      digest: input.digest === undefined ? current.digest : input.digest,
    };
    if (!next.ownQuietHours) {
      next.quietStart = null;
      next.quietEnd = null;
    }
    const c = new InputChecker();
    if (next.timezone !== null && (next.timezone.length > 64 || !isTimeZone(next.timezone)))
      c.add('timezone', 'Not an IANA time zone');
    if (input.ownQuietHours === false && (input.quietStart || input.quietEnd))
      c.add('ownQuietHours', 'Quiet hours of your own need ownQuietHours: true');
    checkQuietHours(c, next.quietStart, next.quietEnd);
    if (next.digest === true && !current.digestAvailable)
      c.add('digest', 'Your district does not offer the daily digest');
    c.throwIfAny();
    await m.query(
      `INSERT INTO mail_profile (district_id, staff_member_id, language, timezone, own_quiet_hours, quiet_start, quiet_end, digest)
       VALUES ($1, $2, $3, $4, $5, $6::time, $7::time, $8)
       ON CONFLICT (district_id, staff_member_id) DO UPDATE SET language = EXCLUDED.language, timezone = EXCLUDED.timezone,
         own_quiet_hours = EXCLUDED.own_quiet_hours, quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end,
         digest = EXCLUDED.digest, updated_at = now()`,
      [
        staff.districtId,
        staff.staffMemberId,
        next.language,
        next.timezone,
        next.ownQuietHours,
        next.quietStart,
        next.quietEnd,
        next.digest,
      ],
    );
    await recordAudit(ctx, {
      action: 'mailProfile.set',
      entityType: 'StaffMember',
      entityId: staff.staffMemberId,
      fields: Object.entries(input)
        .filter(([, v]) => v !== undefined)
        .map(([k]) => k),
    });
    return this.myMailProfile(ctx);
  }

  @Query(() => MailSettingsType, { description: "The district's mail settings (district admins)." })
  @Allow(Permission.DISTRICT_SETTINGS_MANAGE)
  async mailSettings(@Ctx() ctx: RequestContext): Promise<MailSettingsType> {
    const staff = requireStaff(ctx);
    requireGrant(ctx, Permission.DISTRICT_SETTINGS_MANAGE);
    const m = await managerOf(ctx);
    const [row]: SettingsRow[] = await m.query(
      `SELECT invitations_enabled, reminders_enabled, reminder_lead_hours, quiet_start::text, quiet_end::text,
              digest_default, digest_hour, language, hourly_limit, outbox_only, version
         FROM mail_setting WHERE district_id = $1`,
      [staff.districtId],
    );
    const modes: { kind: MailKind; mode: KindMode }[] = await m.query(
      `SELECT kind, mode FROM mail_kind_setting WHERE district_id = $1`,
      [staff.districtId],
    );
    return {
      invitationsEnabled: row?.invitations_enabled ?? true,
      remindersEnabled: row?.reminders_enabled ?? true,
      reminderLeadHours: row?.reminder_lead_hours ?? 24,
      kinds: MAIL_KINDS.map((kind) => ({ kind, mode: modes.find((r) => r.kind === kind)?.mode ?? KindMode.ON })),
      quietStart: hhmm(row?.quiet_start ?? null),
      quietEnd: hhmm(row?.quiet_end ?? null),
      digestDefault: row?.digest_default ?? false,
      digestHour: row?.digest_hour ?? 7,
      language: row?.language ?? MailLanguage.EN,
      hourlyLimit: row?.hourly_limit ?? DEFAULT_HOURLY_LIMIT,
      outboxOnly: row?.outbox_only ?? false,
      version: row?.version ?? 0,
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
    const current = await this.mailSettings(ctx);
    const keep = <T>(v: T | null | undefined, was: T): T => (v === undefined || v === null ? was : v);
    const next = {
      invitationsEnabled: keep(input.invitationsEnabled, current.invitationsEnabled),
      remindersEnabled: keep(input.remindersEnabled, current.remindersEnabled),
      reminderLeadHours: keep(input.reminderLeadHours, current.reminderLeadHours),
      quietStart: input.quietStart === undefined ? current.quietStart : input.quietStart,
      quietEnd: input.quietEnd === undefined ? current.quietEnd : input.quietEnd,
      digestDefault: keep(input.digestDefault, current.digestDefault),
      digestHour: keep(input.digestHour, current.digestHour),
      language: keep(input.language, current.language),
      hourlyLimit: keep(input.hourlyLimit, current.hourlyLimit),
      outboxOnly: keep(input.outboxOnly, current.outboxOnly),
    };
    const c = new InputChecker();
    const int = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
    if (!int(next.reminderLeadHours, 1, 168)) c.add('reminderLeadHours', 'From 1 to 168 hours');
    if (!int(next.digestHour, 0, 23)) c.add('digestHour', 'An hour from 0 to 23');
    if (!int(next.hourlyLimit, 1, 100_000)) c.add('hourlyLimit', 'From 1 to 100000 messages an hour');
    checkQuietHours(c, next.quietStart, next.quietEnd);
    const kinds = input.kinds ?? [];
    if (kinds.length > MAIL_KINDS.length) c.add('kinds', `At most ${MAIL_KINDS.length}`);
    kinds.forEach((k, i) => {
      if (kinds.findIndex((q) => q.kind === k.kind) !== i) c.add(`kinds.${i}.kind`, 'Given twice');
      if (k.kind === MailKind.DAILY_DIGEST && k.mode === KindMode.OPT_IN)
        c.add(`kinds.${i}.mode`, 'The daily digest is ON (offered) or OFF; digestDefault says who gets it');
    });
    c.throwIfAny();
    // Optimistic concurrency: the write lands only on the version the caller read (0: no settings row yet).
    const stale = () =>
      new ConflictError('MailSettings', [
        { field: 'version', message: 'Changed by someone else since you read it; reload' },
      ]);
    if (!Number.isInteger(input.version) || input.version !== current.version) throw stale();
    const m = await managerOf(ctx);
    const saved: unknown[] = await m.query(
      `INSERT INTO mail_setting (district_id, invitations_enabled, reminders_enabled, reminder_lead_hours, quiet_start,
         quiet_end, digest_default, digest_hour, language, hourly_limit, outbox_only)
       VALUES ($1, $2, $3, $4, $5::time, $6::time, $7, $8, $9, $10, $11)
       ON CONFLICT (district_id) DO UPDATE SET invitations_enabled = EXCLUDED.invitations_enabled,
         reminders_enabled = EXCLUDED.reminders_enabled, reminder_lead_hours = EXCLUDED.reminder_lead_hours,
         quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end, digest_default = EXCLUDED.digest_default,
         digest_hour = EXCLUDED.digest_hour, language = EXCLUDED.language, hourly_limit = EXCLUDED.hourly_limit,
         outbox_only = EXCLUDED.outbox_only, version = mail_setting.version + 1, updated_at = now()
       WHERE mail_setting.version = $12
       RETURNING version`,
      [
        staff.districtId,
        next.invitationsEnabled,
        next.remindersEnabled,
        next.reminderLeadHours,
        next.quietStart,
        next.quietEnd,
        next.digestDefault,
        next.digestHour,
        next.language,
        next.hourlyLimit,
        next.outboxOnly,
        input.version,
      ],
    );
    if (saved.length === 0) throw stale();
    for (const k of kinds)
      await m.query(
        `INSERT INTO mail_kind_setting (district_id, kind, mode) VALUES ($1, $2, $3)
         ON CONFLICT (district_id, kind) DO UPDATE SET mode = EXCLUDED.mode, updated_at = now()`,
        [staff.districtId, k.kind, k.mode],
      );
    await recordAudit(ctx, {
      action: 'mailSettings.update',
      entityType: 'District',
      entityId: staff.districtId,
      fields: Object.entries(input)
        .filter(([k, v]) => v !== undefined && k !== 'version')
        .map(([k]) => k),
    });
    return this.mailSettings(ctx);
  }

  @Query(() => MailMessageConnection, {
    description:
      "A district's messages, newest first, a page at a time (at most 100): the delivery log, and the outbox without SMTP. District admins read their own district's; the platform operator names any district (each read is recorded in that district's read audit).",
  })
  @Allow(Permission.DISTRICT_SETTINGS_MANAGE, Permission.DISTRICT_EXPORT)
  async mailOutbox(
    @Ctx() ctx: RequestContext,
    @Args(() => MailOutboxArgs) args: MailOutboxArgs,
  ): Promise<Page<MailMessage>> {
    const c = new InputChecker();
    const f = args.filter ?? {};
    if (f.state != null && !(OUTBOX_STATES as readonly string[]).includes(f.state))
      c.add('filter.state', OUTBOX_STATES.join(', '));
    if (f.recipient != null && f.recipient.length > 254) c.add('filter.recipient', 'At most 254 characters');
    const districtId = wellFormedId(c, 'districtId', args.districtId, 'District') ?? null;
    c.throwIfAny();
    return mapPage(await outboxPage(ctx, args, f, districtId), (r) => ({
      id: toGlobalId('MailMessage', r.id),
      kind: r.kind as MailKind,
      to: r.toAddress,
      subject: r.subject,
      state: r.state,
      bodyText: shownBody(r),
      attemptCount: r.attemptCount,
      lastError: r.lastError,
      language: r.language === 'es' ? MailLanguage.ES : MailLanguage.EN,
      deferredUntil: r.deferredUntil ? new Date(r.deferredUntil) : null,
      createdAt: new Date(r.createdAt),
      sentAt: r.sentAt ? new Date(r.sentAt) : null,
    }));
  }
}
