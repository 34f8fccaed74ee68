import type { EntityManager } from 'typeorm';
import { ConversationProtocol, ConversationType, Permission } from '@throughline/shared';
import { managerOf, type RequestContext } from '../../graphql/context';
import { BadUserInputError, ConflictError, ForbiddenError, found, InputChecker } from '../../graphql/errors';
import { optionalText, requiredText } from '../../graphql/validate';
import { grantOf, requireGrant, requireMember, requireStaff } from '../../auth/guard';
import { reachesSchool, scopeOf } from '../../auth/scope';
import { OrderDirection, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';
import { ConversationEntity } from '../conversation/conversation.entity';
import { sessionService } from '../session/session.service';
import { sessionLoaders } from '../session/session.loaders';
import { noteConfidentialRead } from '../audit/read-audit';
import { changedFields, providedFields, recordAudit } from '../audit/audit.service';
import { LearnerConsentEntity } from './consent.entity';

/**
 * The consent register (issue 16; docs/privacy.md "Consent register"): learners who agreed to a learning-partnership
 * conversation being recorded, and withdrawals.
 *
 * - Learners are pseudonymous: a label the teacher chooses (not a name, an email or a number that reads as a student
 *   id); a student id only where the district turned them on (`consent_setting.student_ids_allowed`).
 * - Where the district requires it (by default), a guardian agreed too: their relationship is recorded, never a name.
 * - The scope of use is the one the guide states: to help the teacher remember and reflect, nothing else.
 * - Who records and withdraws: the conversation's facilitator, whoever recorded it, and those who may log the session
 *   (leaders of its school, district admins). Who reads the register: whoever may read the session. The label, the
 *   student id and the recording reference are confidential: only inside the conversation's boundary (and to whoever
 *   recorded them), every read by someone else audited.
 * - A withdrawal clears the recording reference (and a student id) and replaces the session's text derived from the
 *   conversation (notes, check-in/out, reflection answers) by WITHDRAWN. The consent row stays: who agreed, when, and
 *   when they withdrew. Counts and rates are untouched.
 */

export const WITHDRAWN = '[removed: the learner withdrew consent]';
export const LABEL_MAX = 60;
export const STUDENT_ID_MAX = 64;
export const GUARDIAN_MAX = 40;
export const REFERENCE_MAX = 500;

export interface ConsentSettingRow {
  district_id: string;
  guardian_required: boolean;
  student_ids_allowed: boolean;
  version: number;
  updated_at: Date | null;
}

export interface ConsentRecord {
  sessionId: string;
  learnerLabel: string;
  studentId?: string | null;
  guardianRelationship?: string | null;
  scope: string;
  consentedAt: Date;
  recordingReference?: string | null;
}

export interface ConsentListFilter {
  sessionId?: string;
  withdrawn?: boolean | null;
}

export interface ConsentSettingsUpdate {
  version: number;
  guardianRequired?: boolean | null;
  studentIdsAllowed?: boolean | null;
}

export async function consentSettingsOf(
  m: Pick<EntityManager, 'query'>,
  districtId: string,
): Promise<ConsentSettingRow> {
  const [row] = await m.query(
    `SELECT district_id, guardian_required, student_ids_allowed, version, updated_at
       FROM consent_setting WHERE district_id = $1`,
    [districtId],
  );
  return (
    row ?? {
      district_id: districtId,
      guardian_required: true,
      student_ids_allowed: false,
      version: 0,
      updated_at: null,
    }
  );
}

/** A label that reads as an email or as a student number is not a pseudonym. */
function looksIdentifying(label: string): boolean {
  return /@/.test(label) || /^[\s\d-]{5,}$/.test(label);
}

/** Whether the caller records and withdraws consent for sessions of this conversation. */
function mayManage(ctx: RequestContext, conversation: ConversationEntity, recordedBy: string | null): boolean {
  const self = requireStaff(ctx).staffMemberId;
  if (conversation.facilitatorId === self || recordedBy === self) return true;
  return (
    Boolean(grantOf(ctx, Permission.SESSION_LOG)) &&
    reachesSchool(scopeOf(ctx, Permission.SESSION_LOG), conversation.schoolId)
  );
}

export class ConsentService {
  /** Consents of sessions the caller may read. */
  async scopedQuery(ctx: RequestContext) {
    const sessions = (await sessionService.scopedQuery(ctx)).select('s.id');
    return (await managerOf(ctx))
      .createQueryBuilder(LearnerConsentEntity, 'lc')
      .where('lc.district_id = :consentDistrict', { consentDistrict: requireMember(ctx).districtId })
      .andWhere(`lc.session_id IN (${sessions.getQuery()})`)
      .setParameters(sessions.getParameters());
  }

  async list(ctx: RequestContext, page: PageRequest, filter?: ConsentListFilter): Promise<Page<LearnerConsentEntity>> {
    requireGrant(ctx, Permission.SESSION_READ);
    const qb = await this.scopedQuery(ctx);
    if (filter?.sessionId) qb.andWhere('lc.session_id = :fSession', { fSession: filter.sessionId });
    if (filter?.withdrawn === true) qb.andWhere('lc.withdrawn_at IS NOT NULL');
    if (filter?.withdrawn === false) qb.andWhere('lc.withdrawn_at IS NULL');
    return paginate(qb, page, { expression: 'lc.recorded_at', direction: OrderDirection.DESC, timestamp: true });
  }

  async findById(ctx: RequestContext, id: string): Promise<LearnerConsentEntity | null> {
    return (await this.scopedQuery(ctx)).andWhere('lc.id = :id', { id }).getOne();
  }

  /** The consents of these sessions (each list oldest first), those the caller may read. */
  async ofSessions(ctx: RequestContext, sessionIds: readonly string[]): Promise<LearnerConsentEntity[][]> {
    const rows = await (
      await this.scopedQuery(ctx)
    )
      .andWhere('lc.session_id = ANY(:sids)', { sids: [...sessionIds] })
      .orderBy('lc.recorded_at', 'ASC')
      .addOrderBy('lc.id', 'ASC')
      .getMany();
    return sessionIds.map((id) => rows.filter((r) => r.sessionId === id));
  }

  /**
   * Whether the caller reads a consent's confidential fields: inside its session's boundary, or having recorded it.
   * A read by anyone but whoever recorded it is audited (as a read of the session's field, its author the recorder).
   */
  async readConfidential<T>(
    ctx: RequestContext,
    consent: Pick<LearnerConsentEntity, 'sessionId' | 'recordedBy'>,
    field: string,
    value: T | null,
  ): Promise<T | null> {
    if (!(await this.mayRead(ctx, consent))) return null;
    if (value !== null)
      noteConfidentialRead(ctx, 'ConversationSession', consent.sessionId, [field], consent.recordedBy);
    return value;
  }

  async mayRead(
    ctx: RequestContext,
    consent: Pick<LearnerConsentEntity, 'sessionId' | 'recordedBy'>,
  ): Promise<boolean> {
    const p = ctx.principal;
    if (p?.kind !== 'staff') return false;
    if (p.staffMemberId === consent.recordedBy) return true;
    return sessionLoaders.confidential(ctx).load(consent.sessionId);
  }

  async record(ctx: RequestContext, input: ConsentRecord): Promise<LearnerConsentEntity> {
    const staff = requireStaff(ctx);
    requireGrant(ctx, Permission.SESSION_READ);
    const m = await managerOf(ctx);
    const session = found(await sessionService.findEntity(ctx, input.sessionId), 'ConversationSession');
    const conversation = await m.findOneByOrFail(ConversationEntity, {
      id: session.conversationId,
      districtId: session.districtId,
    });
    if (!mayManage(ctx, conversation, null))
      throw new ForbiddenError('Only its facilitator, or someone who may log the session, records consent');
    const settings = await consentSettingsOf(m, staff.districtId);
    const c = new InputChecker();
    if (
      conversation.type !== ConversationType.LEARNING_PARTNERSHIP &&
      conversation.protocol !== ConversationProtocol.LEARNING_PARTNERSHIP
    )
      c.add('sessionId', 'Consent is recorded for learning partnership conversations');
    else if (session.status === 'CANCELLED') c.add('sessionId', 'The session was cancelled');
    const label = requiredText(c, 'learnerLabel', input.learnerLabel, LABEL_MAX);
    if (label.startsWith('[')) c.add('learnerLabel', 'Start the label with a letter or a digit');
    else if (label && looksIdentifying(label))
      c.add('learnerLabel', 'Use a label you choose (initials, a nickname), not an email or a student number');
    const studentId = optionalText(c, 'studentId', input.studentId, STUDENT_ID_MAX) ?? null;
    if (studentId && !settings.student_ids_allowed)
      c.add('studentId', 'Your district keeps learners pseudonymous: student ids are turned off');
    const guardian = optionalText(c, 'guardianRelationship', input.guardianRelationship, GUARDIAN_MAX) ?? null;
    if (!guardian && settings.guardian_required)
      c.add('guardianRelationship', "Your district asks for a guardian's consent too: say who gave it (e.g. parent)");
    const reference = optionalText(c, 'recordingReference', input.recordingReference, REFERENCE_MAX) ?? null;
    if (input.consentedAt.getTime() > Date.now() + 5 * 60_000)
      c.add('consentedAt', 'Consent is recorded once it has been given');
    c.throwIfAny();
    const [open] = await m.query(
      `SELECT 1 FROM learner_consent
        WHERE district_id = $1 AND session_id = $2 AND lower(learner_label) = lower($3) AND withdrawn_at IS NULL`,
      [staff.districtId, session.id, label],
    );
    const duplicate = 'This learner already has a consent for this session';
    if (open) c.add('learnerLabel', duplicate).throwIfAny();
    let row: { id: string };
    try {
      [row] = await m.query(
        `INSERT INTO learner_consent (district_id, session_id, learner_label, student_id, guardian_relationship, scope,
                                      consented_at, recording_reference, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          staff.districtId,
          session.id,
          label,
          studentId,
          guardian,
          input.scope,
          input.consentedAt,
          reference,
          staff.staffMemberId,
        ],
      );
    } catch (error) {
      // The same label recorded twice at once: the partial unique index lets one through.
      if ((error as { code?: string }).code === '23505')
        throw new BadUserInputError([{ field: 'learnerLabel', message: duplicate }]);
      throw error;
    }
    await recordAudit(ctx, {
      action: 'learnerConsent.record',
      entityType: 'LearnerConsent',
      entityId: row.id,
      fields: providedFields({
        sessionId: session.id,
        learnerLabel: label,
        studentId,
        guardianRelationship: guardian,
        scope: input.scope,
        consentedAt: input.consentedAt,
        recordingReference: reference,
      }),
    });
    return this.reload(m, staff.districtId, row.id);
  }

  /** Sets or clears where the recording is kept (an open consent only). */
  async setRecording(
    ctx: RequestContext,
    id: string,
    version: number,
    recordingReference: string | null,
  ): Promise<LearnerConsentEntity> {
    const { consent, m } = await this.manageable(ctx, id);
    const c = new InputChecker();
    if (consent.withdrawnAt) c.add('id', 'The consent was withdrawn: there is no recording to refer to');
    const reference = optionalText(c, 'recordingReference', recordingReference, REFERENCE_MAX) ?? null;
    c.throwIfAny();
    const [, count] = await m.query(
      `UPDATE learner_consent SET recording_reference = $4, version = version + 1, updated_at = now()
        WHERE district_id = $1 AND id = $2 AND version = $3 AND withdrawn_at IS NULL`,
      [consent.districtId, consent.id, version, reference],
    );
    if (!count) throw new ConflictError('LearnerConsent');
    await recordAudit(ctx, {
      action: 'learnerConsent.recordingSet',
      entityType: 'LearnerConsent',
      entityId: consent.id,
      fields: ['recordingReference'],
    });
    return this.reload(m, consent.districtId, consent.id);
  }

  /**
   * Withdraws a consent: the recording reference and any student id go, and the session's text derived from the
   * conversation (notes, check-in/out, reflection answers) is replaced by WITHDRAWN, in this one transaction.
   */
  async withdraw(ctx: RequestContext, id: string, version: number): Promise<LearnerConsentEntity> {
    const staff = requireStaff(ctx);
    const { consent, m } = await this.manageable(ctx, id);
    if (consent.withdrawnAt) new InputChecker().add('id', 'The consent was already withdrawn').throwIfAny();
    if (consent.version !== version) throw new ConflictError('LearnerConsent');
    // The session's own text, counted before it is replaced.
    const [{ texts }] = await m.query(
      `SELECT (notes IS NOT NULL AND notes <> $3)::int + (check_in IS NOT NULL AND check_in <> $3)::int
              + (check_out IS NOT NULL AND check_out <> $3)::int AS texts
         FROM conversation_session WHERE district_id = $1 AND id = $2`,
      [consent.districtId, consent.sessionId, WITHDRAWN],
    );
    await m.query(
      `UPDATE conversation_session s
          SET notes = CASE WHEN notes IS NULL THEN NULL ELSE $3 END,
              check_in = CASE WHEN check_in IS NULL THEN NULL ELSE $3 END,
              check_out = CASE WHEN check_out IS NULL THEN NULL ELSE $3 END,
              recording_consent = recording_consent AND EXISTS (
                SELECT 1 FROM learner_consent o WHERE o.district_id = s.district_id AND o.session_id = s.id
                   AND o.withdrawn_at IS NULL AND o.id <> $4),
              version = version + 1, updated_at = now()
        WHERE s.district_id = $1 AND s.id = $2`,
      [consent.districtId, consent.sessionId, WITHDRAWN, consent.id],
    );
    const [, answers] = await m.query(
      `UPDATE reflection_answer a SET answer = $3
         FROM reflection r
        WHERE a.district_id = $1 AND r.district_id = a.district_id AND r.id = a.reflection_id AND r.session_id = $2
          AND a.answer <> $3`,
      [consent.districtId, consent.sessionId, WITHDRAWN],
    );
    const purged = Number(texts) + Number(answers ?? 0);
    const [, count] = await m.query(
      `UPDATE learner_consent
          SET withdrawn_at = now(), withdrawn_by = $4, recording_reference = NULL, student_id = NULL, texts_purged = $5,
              version = version + 1, updated_at = now()
        WHERE district_id = $1 AND id = $2 AND version = $3 AND withdrawn_at IS NULL`,
      [consent.districtId, consent.id, version, staff.staffMemberId, purged],
    );
    if (!count) throw new ConflictError('LearnerConsent');
    await recordAudit(ctx, {
      action: 'learnerConsent.withdraw',
      entityType: 'LearnerConsent',
      entityId: consent.id,
      fields: ['withdrawnAt', 'recordingReference', 'studentId', 'textsPurged'],
    });
    await recordAudit(ctx, {
      action: 'session.consentWithdrawn',
      entityType: 'ConversationSession',
      entityId: consent.sessionId,
      fields: ['notes', 'checkIn', 'checkOut', 'recordingConsent', 'reflectionAnswers'],
    });
    return this.reload(m, consent.districtId, consent.id);
  }

  async settings(ctx: RequestContext): Promise<ConsentSettingRow> {
    const member = requireMember(ctx);
    requireGrant(ctx, Permission.DISTRICT_READ);
    return consentSettingsOf(await managerOf(ctx), member.districtId);
  }

  /** Turning student ids off clears every stored one. */
  async updateSettings(ctx: RequestContext, input: ConsentSettingsUpdate): Promise<ConsentSettingRow> {
    requireGrant(ctx, Permission.DISTRICT_SETTINGS_MANAGE);
    const member = requireMember(ctx);
    const c = new InputChecker();
    c.check(input.guardianRequired !== null, 'guardianRequired', 'Say true or false (or leave it out)');
    c.check(input.studentIdsAllowed !== null, 'studentIdsAllowed', 'Say true or false (or leave it out)');
    c.throwIfAny();
    const m = await managerOf(ctx);
    const current = await consentSettingsOf(m, member.districtId);
    if (input.version !== current.version) throw new ConflictError('ConsentSettings');
    const guardian = input.guardianRequired ?? current.guardian_required;
    const studentIds = input.studentIdsAllowed ?? current.student_ids_allowed;
    const [row] = await m.query(
      `INSERT INTO consent_setting (district_id, guardian_required, student_ids_allowed, version, updated_at)
       VALUES ($1, $2, $3, 1, now())
       ON CONFLICT (district_id) DO UPDATE
          SET guardian_required = $2, student_ids_allowed = $3, version = consent_setting.version + 1, updated_at = now()
        WHERE consent_setting.version = $4
       RETURNING district_id, guardian_required, student_ids_allowed, version, updated_at`,
      [member.districtId, guardian, studentIds, input.version],
    );
    if (!row) throw new ConflictError('ConsentSettings');
    if (!studentIds) {
      await m.query(
        `UPDATE learner_consent SET student_id = NULL, version = version + 1, updated_at = now()
                      WHERE district_id = $1 AND student_id IS NOT NULL`,
        [member.districtId],
      );
    }
    await recordAudit(ctx, {
      action: 'consentSettings.update',
      entityType: 'ConsentSettings',
      entityId: null,
      fields: changedFields({ guardianRequired: input.guardianRequired, studentIdsAllowed: input.studentIdsAllowed }),
    });
    return row;
  }

  /** A consent in the caller's reach that they may record or withdraw. */
  private async manageable(
    ctx: RequestContext,
    id: string,
  ): Promise<{ consent: LearnerConsentEntity; m: EntityManager }> {
    requireStaff(ctx);
    const consent = found(await this.findById(ctx, id), 'LearnerConsent');
    const m = await managerOf(ctx);
    const session = found(await sessionService.findEntity(ctx, consent.sessionId), 'LearnerConsent');
    const conversation = await m.findOneByOrFail(ConversationEntity, {
      id: session.conversationId,
      districtId: session.districtId,
    });
    if (!mayManage(ctx, conversation, consent.recordedBy))
      throw new ForbiddenError('Only its facilitator, whoever recorded it, or someone who may log the session');
    return { consent, m };
  }

  private async reload(m: EntityManager, districtId: string, id: string): Promise<LearnerConsentEntity> {
    return m.findOneByOrFail(LearnerConsentEntity, { districtId, id });
  }
}

export const consentService = new ConsentService();
