import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import {
  EVIDENCE_DESCRIPTION_MAX,
  EventType,
  NOTES_MAX,
  Permission,
  RATING_MAX,
  RATING_MIN,
} from '@throughline/shared';
import { AttendanceEntity, EvidenceEntity, SessionEntity } from './session.entity';
import { Session, SESSION_COLUMNS, sessionColumnsFor, sessionShape, type SessionRow } from './session.type';
import { enoughToHold, HELD_EARLY_DAYS, HELD_LATE_DAYS, heldTimeInBounds, isHeld, quorumOf } from './rules/held';
import { mayCancel } from './rules/cancelled';
import { recordedExpectedSql } from './rules/expected';
import { recordExpectedParticipants } from './expected-record';
import { stateSql } from './rules/state';
import { mayLog } from './rules/may-log';
import {
  clockParams,
  clockSql,
  DEFAULT_EXISTENCE_SETTINGS,
  existenceSettings,
  type ExistenceSettings,
} from './existence-settings';
import { whyMayNotRate } from './rules/may-rate';
import { isRatingOpen, qualitySettings, ratingFactsWhenHeld } from './rules/rating-window';
import {
  SessionOrderField,
  type ConversationSessionOrder,
  type SessionCancel,
  type SessionListFilter,
  type SessionLog,
  type SessionRate,
  type SessionReschedule,
  type SessionRestore,
  type SessionSchedule,
} from './session.input';
import { ConversationEntity } from '../conversation/conversation.entity';
import { conversationService } from '../conversation/conversation.service';
import { assertSchoolOpen } from '../school/rules/open';
import { PARTICIPATES } from '../conversation/visibility';
import { StaffMemberEntity } from '../staff/staff-member.entity';
import { DistrictEntity } from '../district/district.entity';
import { RubricCriterionEntity } from '../library/library.entity';
import { checkNewActions, insertActions } from '../action/new-actions';
import { scopeOf, type Scope } from '../../auth/scope';
import { grantOf, requireMember, requireStaff } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { BadUserInputError, ForbiddenError, found, InputChecker } from '../../graphql/errors';
import { optionalText, requiredText } from '../../graphql/validate';
import { mapPage, withRawNodes, type Page } from '../../graphql/connection';
import { paginateRows, type PageRequest, type SortSpec } from '../../db/paginate';
import type { Lookahead } from '../../graphql/selection';
import { conversationAhead, type ConversationJson } from '../conversation/read-ahead';
import { rawList, rawWriter, type RawWriter } from '../../graphql/raw-json';
import { sessionClockLoader } from './session-clock.loader';
import { updatedAtOrder, updatedSince } from '../../db/sync';
import { updateVersioned } from '../../db/versioned';
import { inEffectAtSql } from '../../db/effective-dated';
import { recordAudit } from '../audit/audit.service';
import { emitEvent, ref } from '../outbox/outbox';

/** The usual duration of the conversation of session `s`, for the rules' SQL clock where `c` is not joined. */
const CONVERSATION_DURATION = `(SELECT sc.duration_minutes FROM learning_conversation sc
  WHERE sc.district_id = s.district_id AND sc.id = s.conversation_id)`;

/** The day an instant falls on in the district's zone. */
/** What a session's events are about. */
function sessionSubject(s: Pick<SessionEntity, 'id' | 'districtId'>) {
  return { type: 'ConversationSession', id: s.id, districtId: s.districtId };
}

export async function localDay(manager: EntityManager, instant: Date, timezone: string): Promise<string> {
  const [{ d }] = await manager.query(`SELECT to_char(($1::timestamptz AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS d`, [
    instant,
    timezone,
  ]);
  return d;
}

export class SessionService {
  /** Sessions the caller may read: those of conversations in reach, and any session they attended. */
  async scopedQuery(
    ctx: RequestContext,
    scope: Scope = scopeOf(ctx, Permission.SESSION_READ),
  ): Promise<SelectQueryBuilder<SessionEntity>> {
    const conversations = (await conversationService.scopedQuery(ctx, scope)).select('c.id');
    return (await managerOf(ctx))
      .createQueryBuilder(SessionEntity, 's')
      .where('s.district_id = :districtId', { districtId: scope.districtId })
      .andWhere(
        `(s.conversation_id IN (${conversations.getQuery()})
          OR EXISTS (SELECT 1 FROM session_attendance sa WHERE sa.district_id = s.district_id AND sa.session_id = s.id AND sa.staff_member_id = :self))`,
      )
      .setParameters({ ...conversations.getParameters(), self: scope.selfId });
  }

  async list(
    ctx: RequestContext,
    page: PageRequest,
    filter?: SessionListFilter,
    descending = false,
    order?: ConversationSessionOrder,
    ahead?: Lookahead | null,
    rawNodes = false,
  ): Promise<Page<Session>> {
    const scope = scopeOf(ctx, Permission.SESSION_READ);
    const qb = await this.scopedQuery(ctx, scope);
    const { conversationId, strategyId, schoolId } = filter ?? {};
    if (conversationId) qb.andWhere('s.conversation_id = :fConv', { fConv: conversationId });
    if (strategyId) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM conversation_mapping m WHERE m.district_id = s.district_id AND m.conversation_id = s.conversation_id AND m.strategy_id = :fStrategy AND ${inEffectAtSql('m', 's.scheduled_at')})`,
        { fStrategy: strategyId },
      );
    }
    if (schoolId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM learning_conversation fc WHERE fc.district_id = s.district_id AND fc.id = s.conversation_id AND fc.school_id = :fSchool)',
        { fSchool: schoolId },
      );
    }
    if (filter?.from) qb.andWhere('s.scheduled_at >= :fFrom', { fFrom: filter.from });
    if (filter?.to) qb.andWhere('s.scheduled_at < :fTo', { fTo: filter.to });
    if (filter?.state?.length) {
      const settings = await existenceSettings(await managerOf(ctx), scope.districtId);
      qb.andWhere(stateSql(filter.state, clockSql('s', CONVERSATION_DURATION)), clockParams(settings));
    }
    if (filter?.mine) {
      qb.andWhere(
        `(EXISTS (SELECT 1 FROM session_attendance ma WHERE ma.district_id = s.district_id AND ma.session_id = s.id AND ma.staff_member_id = :self)
          OR EXISTS (SELECT 1 FROM learning_conversation c WHERE c.district_id = s.district_id AND c.id = s.conversation_id AND ${PARTICIPATES}))`,
      );
    }
    updatedSince(qb, 's', filter?.updatedSince);
    const direction = order?.direction ?? (descending ? 'DESC' : 'ASC');
    const sort: SortSpec =
      order?.field === SessionOrderField.UPDATED_AT
        ? updatedAtOrder(qb, 's', direction)
        : { expression: 's.scheduled_at', direction, timestamp: true };
    return this.listRows(ctx, qb, page, sort, ahead, rawNodes);
  }

  /**
   * A page of sessions as rows of the columns a session is built from (never its confidential text, which the
   * resolvers load apart, only when asked), with what the query selects below the nodes read ahead in the same
   * statement: each session's clock when `state` is asked (primed into its loader), and its conversation (and that
   * conversation's facilitator) as JSON built in PostgreSQL, under the scope their own loaders apply. With
   * `rawNodes`, the nodes are written as the answer's text from the rows (Page.rawNodes) when every field selected
   * below them can be (graphql/raw-json.ts), and no session is built.
   */
  private async listRows(
    ctx: RequestContext,
    qb: SelectQueryBuilder<SessionEntity>,
    page: PageRequest,
    sort: SortSpec,
    ahead: Lookahead | null | undefined,
    rawNodes = false,
  ): Promise<Page<Session>> {
    const columns = ahead ? sessionColumnsFor(ahead.names()) : null;
    const select = [columns ? columns.map((c) => `s.${c}`).join(', ') : SESSION_COLUMNS];
    const params: Record<string, unknown> = {};
    const withClock = ahead?.has('state') ?? false;
    if (withClock) {
      select.push(
        `${CONVERSATION_DURATION} AS clock_duration`,
        `(SELECT ds.log_grace_hours FROM district_setting ds WHERE ds.district_id = s.district_id) AS clock_grace`,
        `(SELECT ds.cancel_notice_hours FROM district_setting ds WHERE ds.district_id = s.district_id) AS clock_notice`,
      );
    }
    const look = ahead?.at('conversation');
    const conversation = look ? conversationAhead(ctx, look, 'raConv') : null;
    if (conversation) {
      select.push(`${conversation.sql('s.conversation_id')} AS ra_conversation`);
      Object.assign(params, conversation.params);
    }
    type Row = SessionRow & {
      clock_duration?: number;
      clock_grace?: number | null;
      clock_notice?: number | null;
      ra_conversation?: ConversationJson | null;
    };
    // The nodes' writer: the row's columns as Session.fromRow reads them, its conversation's JSON as read ahead.
    let writer: RawWriter | null = null;
    if (rawNodes && ahead && columns) {
      const shape = sessionShape((column) =>
        columns.includes(column) ? (row: Row) => row[column as keyof Row] : null,
      );
      if (conversation)
        shape.nested = { conversation: { of: (row: Row) => row.ra_conversation ?? null, shape: conversation.shape } };
      writer = rawWriter(ahead.raw(), shape);
    }
    const result = await paginateRows<Row>(qb, page, sort, select.join(', '), params, await managerOf(ctx));
    if (writer)
      return withRawNodes(
        result,
        rawList(
          writer,
          result.edges.map((e) => e.node),
        ),
      );
    const clock = withClock ? sessionClockLoader(ctx) : null;
    return mapPage(result, (row) => {
      const session = Session.fromRow(row);
      if (conversation) session.ahead = { conversation: conversation.build(row.ra_conversation ?? null) };
      clock?.prime(row.id, {
        durationMinutes: Number(row.clock_duration),
        logGraceHours: row.clock_grace ?? DEFAULT_EXISTENCE_SETTINGS.logGraceHours,
        cancelNoticeHours: row.clock_notice ?? DEFAULT_EXISTENCE_SETTINGS.cancelNoticeHours,
      });
      return session;
    });
  }

  async findEntity(ctx: RequestContext, id: string): Promise<SessionEntity | null> {
    return (await this.scopedQuery(ctx)).andWhere('s.id = :id', { id }).getOne();
  }

  async findById(ctx: RequestContext, id: string): Promise<Session | null> {
    const e = await this.findEntity(ctx, id);
    return e ? Session.from(e) : null;
  }

  /** The session to log or cancel, once the caller may (see rules/may-log.ts). */
  private async loggable(
    ctx: RequestContext,
    id: string,
  ): Promise<{ session: SessionEntity; conversation: ConversationEntity }> {
    requireMember(ctx);
    const grant = grantOf(ctx, Permission.SESSION_LOG);
    const session = found(await this.findEntity(ctx, id), 'ConversationSession');
    if (!grant) throw new ForbiddenError();
    const manager = await managerOf(ctx);
    const conversation = await manager.findOneByOrFail(ConversationEntity, {
      id: session.conversationId,
      districtId: session.districtId,
    });
    if (!mayLog(ctx, conversation))
      throw new ForbiddenError('Only the facilitator or a leader of its school logs this session');
    return { session, conversation };
  }

  async log(ctx: RequestContext, input: SessionLog): Promise<Session> {
    const { session } = await this.loggable(ctx, input.id);
    const manager = await managerOf(ctx);
    const district = await manager.findOneByOrFail(DistrictEntity, { id: session.districtId });
    const settings = await existenceSettings(manager, session.districtId);
    // First held: its rating window and minimum are fixed now (rules/rating-window.ts); a correction keeps them.
    const firstHeld = session.ratingClosesAt === null;
    const ratingFacts = firstHeld
      ? ratingFactsWhenHeld(input.heldAt, await qualitySettings(manager, session.districtId))
      : {};
    const c = new InputChecker();
    if (session.status === 'CANCELLED') c.add('id', 'A cancelled session cannot be logged as held');
    if (input.heldAt.getTime() > Date.now() + 5 * 60_000) c.add('heldAt', 'A session is logged once it has been held');
    else if (!heldTimeInBounds(session.scheduledAt, input.heldAt))
      c.add('heldAt', `From ${HELD_EARLY_DAYS} days before to ${HELD_LATE_DAYS} days after its scheduled start`);
    if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1 || input.durationMinutes > 600)
      c.add('durationMinutes', 'From 1 to 600 minutes');
    const heldOn = await localDay(manager, input.heldAt, district.timezone);
    const attendeeIds = await this.checkAttendance(manager, c, session, settings, input);

    const evidence = (input.evidence ?? []).map((e, i) => {
      const description = requiredText(c, `evidence.${i}.description`, e.description, EVIDENCE_DESCRIPTION_MAX);
      if (e.collectedOn > heldOn)
        c.add(`evidence.${i}.collectedOn`, 'Evidence must be collected by the day of the session');
      return { kind: e.kind, description, collectedOn: e.collectedOn };
    });
    const actions = await checkNewActions(manager, c, session.districtId, heldOn, input.actions ?? [], 'actions');
    const text = {
      notes: optionalText(c, 'notes', input.notes, NOTES_MAX),
      checkIn: optionalText(c, 'checkIn', input.checkIn, 2000),
      checkOut: optionalText(c, 'checkOut', input.checkOut, 2000),
    };
    c.throwIfAny();

    const updated = await updateVersioned(
      manager,
      SessionEntity,
      session,
      input.version,
      {
        status: 'HELD',
        heldAt: input.heldAt,
        durationMinutes: input.durationMinutes,
        recordingConsent: input.recordingConsent ?? session.recordingConsent,
        ...ratingFacts,
        ...text,
      },
      'ConversationSession',
    );
    const key = { districtId: session.districtId, sessionId: session.id };
    await manager
      .createQueryBuilder()
      .delete()
      .from(AttendanceEntity)
      .where('district_id = :d AND session_id = :s AND NOT (staff_member_id = ANY(:keep))', {
        d: key.districtId,
        s: key.sessionId,
        keep: attendeeIds,
      })
      .execute();
    await manager
      .createQueryBuilder()
      .insert()
      .into(AttendanceEntity)
      .values(attendeeIds.map((staffMemberId) => ({ ...key, staffMemberId })))
      .orIgnore()
      .execute();
    if (input.evidence) {
      await manager.delete(EvidenceEntity, key);
      if (evidence.length)
        await manager.insert(
          EvidenceEntity,
          evidence.map((e) => ({ ...key, ...e })),
        );
    }
    await insertActions(manager, session, actions);
    await recordAudit(ctx, {
      action: 'session.log',
      entityType: 'ConversationSession',
      entityId: session.id,
      fields: [
        'attendeeIds',
        ...(input.guestIds ? ['guestIds'] : []),
        'durationMinutes',
        'heldAt',
        ...(firstHeld ? ['ratingClosesAt', 'minRaters'] : []),
        ...(input.evidence ? ['evidence'] : []),
        ...(actions.length ? ['actions'] : []),
        ...Object.entries(text)
          .filter(([, v]) => v !== undefined)
          .map(([k]) => k),
      ],
    });
    if (session.status !== 'HELD')
      await emitEvent(ctx, EventType.SESSION_HELD, sessionSubject(session), {
        conversationId: ref('LearningConversation', session.conversationId),
        scheduledAt: session.scheduledAt,
        heldAt: input.heldAt,
        durationMinutes: input.durationMinutes,
        attendeeCount: attendeeIds.length,
      });
    return Session.from(updated);
  }

  /**
   * Checks who attended against the rule of held.ts and returns everyone to record as attending: the attendees, then
   * the guests. Each field is named once, by its first problem.
   */
  private async checkAttendance(
    manager: EntityManager,
    c: InputChecker,
    session: SessionEntity,
    settings: ExistenceSettings,
    input: SessionLog,
  ): Promise<string[]> {
    // Each person once; someone listed as both attended, and is an attendee.
    const attendeeIds = [...new Set(input.attendeeIds)];
    const guestIds = [...new Set(input.guestIds ?? [])].filter((id) => !attendeeIds.includes(id));
    const everyone = [...attendeeIds, ...guestIds];
    // An id no person of the district has (however it came to be) is not one of them.
    const people = everyone.length
      ? await manager
          .createQueryBuilder(StaffMemberEntity, 'sm')
          .where('sm.district_id = :d AND sm.id = ANY(:ids)', { d: session.districtId, ids: everyone })
          .getMany()
      : [];
    const active = new Map(people.map((p) => [p.id, p.active]));
    // Who was recorded before stays acceptable when the log is corrected (they may have left or moved since).
    const recorded = new Set(
      (await manager.findBy(AttendanceEntity, { districtId: session.districtId, sessionId: session.id })).map(
        (a) => a.staffMemberId,
      ),
    );
    // Who was expected is what was recorded on the session when it was scheduled (rules/expected.ts).
    const expectedRows: { staff_member_id: string }[] = await manager.query(
      `SELECT ep.staff_member_id FROM conversation_session s
         JOIN session_expected_participant ep ON ${recordedExpectedSql('s')}
        WHERE s.district_id = $1 AND s.id = $2`,
      [session.districtId, session.id],
    );
    const expected = new Set(expectedRows.map((r) => r.staff_member_id));
    const named = new Set<string>();
    const refuse = (field: string, message: string) => {
      if (!named.has(field)) c.add(field, message);
      named.add(field);
    };
    const check = (ids: string[], field: 'attendeeIds' | 'guestIds') => {
      const who = field === 'attendeeIds' ? 'attendee' : 'guest';
      if (ids.some((id) => !active.has(id))) refuse(field, `Each ${who} must be a person in this district`);
      if (ids.some((id) => active.get(id) === false && !recorded.has(id)))
        refuse(field, `Each ${who} must be an active member of staff`);
    };
    if (attendeeIds.length === 0) refuse('attendeeIds', 'At least one person attended');
    check(attendeeIds, 'attendeeIds');
    check(guestIds, 'guestIds');
    // The facilitator is the one recorded on the session (its conversation's when it was scheduled: a handover
    // since moves only upcoming sessions), like its expected participants.
    if (attendeeIds.some((id) => id !== session.facilitatorId && !expected.has(id) && !recorded.has(id)))
      refuse(
        'attendeeIds',
        'Each attendee must be the facilitator or take part in the conversation: add anyone else as a guest (guestIds)',
      );
    const enough = enoughToHold({
      facilitatorAttended: everyone.includes(session.facilitatorId),
      expectedAttended: everyone.filter((id) => expected.has(id)).length,
      expected: expected.size,
      heldQuorum: settings.heldQuorum,
    });
    if (!enough)
      refuse(
        'attendeeIds',
        expected.size
          ? `The facilitator, or at least ${quorumOf(expected.size, settings.heldQuorum)} of the ${expected.size} people taking part, must have attended`
          : 'The facilitator must have attended: nobody else takes part in this conversation',
      );
    // People who already rated or reflected stay attendees: their ratings point at their attendance.
    const anchored: { staff_member_id: string }[] = await manager.query(
      `SELECT DISTINCT staff_member_id FROM (
         SELECT rater_id AS staff_member_id FROM quality_rating WHERE district_id = $1 AND session_id = $2
         UNION SELECT author_id FROM reflection WHERE district_id = $1 AND session_id = $2) x`,
      [session.districtId, session.id],
    );
    if (anchored.some((a) => !everyone.includes(a.staff_member_id)))
      refuse('attendeeIds', 'People who have rated or reflected on this session stay attendees');
    return everyone;
  }

  /** Cancels a session (rules/cancelled.ts): late, it counts as missed with a reason; long past, it is refused. */
  async cancel(ctx: RequestContext, input: SessionCancel): Promise<Session> {
    const { session } = await this.loggable(ctx, input.id);
    const manager = await managerOf(ctx);
    const settings = await existenceSettings(manager, session.districtId);
    const c = new InputChecker();
    if (isHeld(session)) c.add('id', 'A held session cannot be cancelled');
    else if (!mayCancel(session, settings))
      c.add(
        'id',
        `Its start is more than ${settings.logGraceHours} hours past: it can no longer be cancelled (log it as held if it was)`,
      );
    const reason = requiredText(c, 'reason', input.reason, 500);
    c.throwIfAny();
    const cancelledAt = session.cancelledAt ?? new Date();
    const updated = await updateVersioned(
      manager,
      SessionEntity,
      session,
      input.version,
      { status: 'CANCELLED', cancelReason: reason, cancelledAt },
      'ConversationSession',
    );
    await recordAudit(ctx, {
      action: 'session.cancel',
      entityType: 'ConversationSession',
      entityId: session.id,
      fields: ['cancelReason', ...(session.cancelledAt ? [] : ['cancelledAt']), 'status'],
    });
    if (session.status !== 'CANCELLED')
      await emitEvent(ctx, EventType.SESSION_CANCELLED, sessionSubject(session), {
        conversationId: ref('LearningConversation', session.conversationId),
        scheduledAt: session.scheduledAt,
        cancelledAt,
      });
    return Session.from(updated);
  }

  /**
   * Moves an upcoming session, still only scheduled, to another future time (those who manage its conversation). The
   * session keeps its id, so calendars keep its UID: its SEQUENCE rises (migration 1764930000000) and mail sends an
   * update (modules/mail) on `session.rescheduled`.
   */
  async reschedule(ctx: RequestContext, input: SessionReschedule): Promise<Session> {
    requireMember(ctx);
    const session = found(await this.findEntity(ctx, input.id), 'ConversationSession');
    const conversation = await conversationService.manageable(ctx, session.conversationId);
    const manager = await managerOf(ctx);
    const now = Date.now();
    const c = new InputChecker();
    if (session.status !== 'SCHEDULED') c.add('id', 'Only a session still to be held can be moved');
    else if (session.scheduledAt.getTime() <= now) c.add('id', 'Its start has passed: log it or cancel it instead');
    const to = input.scheduledAt;
    if (to.getTime() <= now) c.add('scheduledAt', 'Must be in the future');
    else if (to.getTime() > now + 2 * 366 * 86_400_000) c.add('scheduledAt', 'At most two years ahead');
    else if (
      to.getTime() !== session.scheduledAt.getTime() &&
      (await manager.exists(SessionEntity, {
        where: { districtId: session.districtId, conversationId: session.conversationId, scheduledAt: to },
      }))
    )
      c.add('scheduledAt', 'A session is already scheduled at this time');
    c.throwIfAny();
    await assertSchoolOpen(manager, conversation.districtId, conversation.schoolId, 'id');
    const previous = session.scheduledAt;
    const updated = await updateVersioned(
      manager,
      SessionEntity,
      session,
      input.version,
      { scheduledAt: to },
      'ConversationSession',
    );
    await recordAudit(ctx, {
      action: 'session.reschedule',
      entityType: 'ConversationSession',
      entityId: session.id,
      fields: ['scheduledAt'],
    });
    if (previous.getTime() !== to.getTime())
      await emitEvent(ctx, EventType.SESSION_RESCHEDULED, sessionSubject(session), {
        conversationId: ref('LearningConversation', session.conversationId),
        scheduledAt: to,
        previousScheduledAt: previous,
      });
    return Session.from(await manager.findOneByOrFail(SessionEntity, { id: updated.id }));
  }

  /**
   * Brings a cancelled session back (those who manage its conversation), at its old time when that is still ahead or
   * at a new one: it is scheduled again, its reason gone, and calendars get it back under the same UID (the status
   * change raises its SEQUENCE). A session cancelled late (counted as missed with a reason) whose time has passed
   * stays as it is: restoring is for what is still to come.
   */
  async restore(ctx: RequestContext, input: SessionRestore): Promise<Session> {
    requireMember(ctx);
    const session = found(await this.findEntity(ctx, input.id), 'ConversationSession');
    const conversation = await conversationService.manageable(ctx, session.conversationId);
    const manager = await managerOf(ctx);
    const now = Date.now();
    const to = input.scheduledAt ?? session.scheduledAt;
    const c = new InputChecker();
    if (session.status !== 'CANCELLED') c.add('id', 'Only a cancelled session can be restored');
    else if (to.getTime() <= now)
      c.add(input.scheduledAt ? 'scheduledAt' : 'id', 'Its time has passed: give a new time in the future');
    else if (to.getTime() > now + 2 * 366 * 86_400_000) c.add('scheduledAt', 'At most two years ahead');
    else if (
      to.getTime() !== session.scheduledAt.getTime() &&
      (await manager.exists(SessionEntity, {
        where: { districtId: session.districtId, conversationId: session.conversationId, scheduledAt: to },
      }))
    )
      c.add('scheduledAt', 'A session is already scheduled at this time');
    c.throwIfAny();
    await assertSchoolOpen(manager, conversation.districtId, conversation.schoolId, 'id');
    await updateVersioned(
      manager,
      SessionEntity,
      session,
      input.version,
      { status: 'SCHEDULED', cancelReason: null, cancelledAt: null, scheduledAt: to },
      'ConversationSession',
    );
    await recordAudit(ctx, {
      action: 'session.restore',
      entityType: 'ConversationSession',
      entityId: session.id,
      fields: ['status', 'cancelReason', ...(to.getTime() !== session.scheduledAt.getTime() ? ['scheduledAt'] : [])],
    });
    await emitEvent(ctx, EventType.SESSION_SCHEDULED, sessionSubject(session), {
      conversationId: ref('LearningConversation', session.conversationId),
      scheduledAt: to,
    });
    return Session.from(await manager.findOneByOrFail(SessionEntity, { id: session.id }));
  }

  async schedule(ctx: RequestContext, input: SessionSchedule): Promise<Session> {
    const conversation = await conversationService.manageable(ctx, input.conversationId);
    const manager = await managerOf(ctx);
    await assertSchoolOpen(manager, conversation.districtId, conversation.schoolId, 'conversationId');
    const clash = await manager.exists(SessionEntity, {
      where: { districtId: conversation.districtId, conversationId: conversation.id, scheduledAt: input.scheduledAt },
    });
    if (clash)
      throw new BadUserInputError([{ field: 'scheduledAt', message: 'A session is already scheduled at this time' }]);
    const saved = await manager.save(
      SessionEntity,
      manager.create(SessionEntity, {
        districtId: conversation.districtId,
        conversationId: conversation.id,
        scheduledAt: input.scheduledAt,
        status: 'SCHEDULED',
        // Who facilitates it is recorded now (changed later only while it is upcoming: expected-record.ts).
        facilitatorId: conversation.facilitatorId,
      }),
    );
    await recordExpectedParticipants(manager, conversation.districtId, [saved.id]);
    await recordAudit(ctx, {
      action: 'session.schedule',
      entityType: 'ConversationSession',
      entityId: saved.id,
      fields: ['scheduledAt'],
    });
    await emitEvent(ctx, EventType.SESSION_SCHEDULED, sessionSubject(saved), {
      conversationId: ref('LearningConversation', conversation.id),
      scheduledAt: saved.scheduledAt,
    });
    return Session.from(await manager.findOneByOrFail(SessionEntity, { id: saved.id }));
  }

  /**
   * An attendee rates a held session on the district's active criteria; rating a criterion again changes it. Only
   * while its rating window is open (rules/rating-window.ts): after it, its quality is published and fixed.
   */
  async rate(ctx: RequestContext, input: SessionRate): Promise<Session> {
    const staff = requireStaff(ctx);
    scopeOf(ctx, Permission.SESSION_RATE);
    const session = found(await this.findEntity(ctx, input.sessionId), 'ConversationSession');
    const manager = await managerOf(ctx);
    const refusal = await whyMayNotRate(manager, session, staff.staffMemberId);
    const c = new InputChecker();
    if (refusal === 'NOT_HELD') c.add('sessionId', 'Only a held session is rated');
    else if (refusal === 'NOT_ATTENDEE') throw new ForbiddenError('Only attendees rate a session');
    else if (!isRatingOpen(session))
      c.add(
        'sessionId',
        `Rating closed${session.ratingClosesAt ? ` on ${session.ratingClosesAt.toISOString()}` : ''}: a session is rated until its rating window (fixed when it was first held) closes`,
      );
    if (input.ratings.length === 0) c.add('ratings', 'Rate at least one criterion');
    const seen = new Set<string>();
    const rows: { criterionId: string; score: number }[] = [];
    for (const [i, r] of input.ratings.entries()) {
      const criterion = await manager.findOne(RubricCriterionEntity, {
        where: { id: r.criterionId, districtId: session.districtId },
      });
      if (!criterion) c.add(`ratings.${i}.criterionId`, 'No such criterion in this district');
      else if (!criterion.active) c.add(`ratings.${i}.criterionId`, 'This criterion is retired');
      else if (seen.has(criterion.id)) c.add(`ratings.${i}.criterionId`, 'Each criterion once');
      if (!Number.isInteger(r.score) || r.score < RATING_MIN || r.score > RATING_MAX)
        c.add(`ratings.${i}.score`, `A score from ${RATING_MIN} to ${RATING_MAX}`);
      if (criterion) {
        seen.add(criterion.id);
        rows.push({ criterionId: criterion.id, score: r.score });
      }
    }
    c.throwIfAny();
    for (const r of rows) {
      await manager.query(
        `INSERT INTO quality_rating (district_id, session_id, rater_id, criterion_id, score) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (district_id, session_id, rater_id, criterion_id) DO UPDATE SET score = EXCLUDED.score, updated_at = now()`,
        [session.districtId, session.id, staff.staffMemberId, r.criterionId, r.score],
      );
    }
    await recordAudit(ctx, {
      action: 'session.rate',
      entityType: 'ConversationSession',
      entityId: session.id,
      fields: ['ratings'],
    });
    return Session.from(session);
  }
}

export const sessionService = new SessionService();
