import { Permission } from '@throughline/shared';
import type { EntityManager } from 'typeorm';
import { SkillEntity, SkillTrainingEntity } from './library.entity';
import { SkillTraining } from './skill-training.type';
import type { SkillTrainingFilter, SkillTrainingRecordInput } from './skill-training.input';
import { managedDistrict, readerDistrict } from './library-access';
import { paginateTrainings } from './training-page';
import { StaffMemberEntity } from '../staff/staff-member.entity';
import { staffMemberService } from '../staff/staff-member.service';
import { grantOf, requireMember, selfIdOf } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { found, InputChecker } from '../../graphql/errors';
import { mapPage, type Page } from '../../graphql/connection';
import type { PageRequest } from '../../db/paginate';
import { recordAudit } from '../audit/audit.service';

/** The skillTrainings filter, with domain ids (malformed ones are refused by the resolver). */
export type SkillTrainingListFilter = Omit<SkillTrainingFilter, 'skillId' | 'staffMemberId'> & {
  skillId?: string | null;
  staffMemberId?: string | null;
};

/**
 * A skill and a person, by domain id: what a training is about. Either one that names nothing in the caller's
 * district (missing, another district's, or malformed) is refused on its field.
 */
export interface SkillTrainingKey {
  skillId: string;
  staffMemberId: string;
}

/** What skillTrainingRecord takes: the skill and the person (domain ids) and the day. */
export type SkillTrainingRecord = Omit<SkillTrainingRecordInput, 'skillId' | 'staffMemberId'> & SkillTrainingKey;

/** The day it is now in the district's time zone is after `day`. */
async function isFuture(manager: EntityManager, districtId: string, day: string): Promise<boolean> {
  const [row] = await manager.query(
    `SELECT $2::date > (now() AT TIME ZONE d.timezone)::date AS future FROM district d WHERE d.id = $1`,
    [districtId, day],
  );
  return row?.future === true;
}

export class SkillTrainingService {
  /**
   * Trainings of the people the caller may read (their STAFF_READ scope): skills are the district's, but who has
   * been trained is about people. Teachers see their own trainings; district staff readers see everyone's.
   */
  async scoped(ctx: RequestContext) {
    const districtId = readerDistrict(ctx);
    const qb = (await managerOf(ctx))
      .createQueryBuilder(SkillTrainingEntity, 'st')
      .where('st.district_id = :trainingDistrictId', { trainingDistrictId: districtId });
    const grant = grantOf(ctx, Permission.STAFF_READ);
    if (!grant) {
      qb.andWhere('st.staff_member_id = :trainingSelf', { trainingSelf: selfIdOf(requireMember(ctx)) });
    } else if (!grant.districtWide) {
      const people = (await staffMemberService.scoped(ctx)).select('sm.id');
      qb.andWhere(`st.staff_member_id IN (${people.getQuery()})`, people.getParameters());
    }
    return qb;
  }

  async list(
    ctx: RequestContext,
    page: PageRequest,
    filter?: SkillTrainingListFilter | null,
  ): Promise<Page<SkillTraining>> {
    const qb = await this.scoped(ctx);
    if (filter?.skillId) qb.andWhere('st.skill_id = :filterSkill', { filterSkill: filter.skillId });
    if (filter?.staffMemberId) qb.andWhere('st.staff_member_id = :filterStaff', { filterStaff: filter.staffMemberId });
    return mapPage(await paginateTrainings(qb, page), SkillTraining.from);
  }

  /** The trainings of some skills, newest first, for Skill.trainedStaff. */
  async forSkills(ctx: RequestContext, skillIds: readonly string[]): Promise<SkillTraining[]> {
    const rows = await (
      await this.scoped(ctx)
    )
      .andWhere('st.skill_id = ANY(:skillIds)', { skillIds: [...skillIds] })
      .orderBy('st.trained_on', 'DESC')
      .addOrderBy('st.staff_member_id', 'ASC')
      .getMany();
    return rows.map(SkillTraining.from);
  }

  /** Records that a person was trained in a skill on a day; recording it again changes the day. */
  async record(ctx: RequestContext, input: SkillTrainingRecord): Promise<SkillTraining> {
    const districtId = managedDistrict(ctx);
    const manager = await managerOf(ctx);
    const { skillId, staffMemberId } = input;
    await this.assertReferences(manager, districtId, input);
    const c = new InputChecker();
    if (await isFuture(manager, districtId, input.trainedOn)) c.add('trainedOn', 'Cannot be in the future');
    c.throwIfAny();
    await manager.upsert(
      SkillTrainingEntity,
      { districtId, skillId, staffMemberId, trainedOn: input.trainedOn },
      { conflictPaths: ['districtId', 'skillId', 'staffMemberId'] },
    );
    await recordAudit(ctx, {
      action: 'skillTraining.record',
      entityType: 'StaffMember',
      entityId: staffMemberId,
      fields: ['skillId', 'trainedOn'],
    });
    return SkillTraining.from(
      await manager.findOneByOrFail(SkillTrainingEntity, { districtId, skillId, staffMemberId }),
    );
  }

  async remove(ctx: RequestContext, input: SkillTrainingKey): Promise<SkillTraining> {
    const districtId = managedDistrict(ctx);
    const manager = await managerOf(ctx);
    const { skillId, staffMemberId } = input;
    await this.assertReferences(manager, districtId, input);
    const current = found(
      await manager.findOneBy(SkillTrainingEntity, { districtId, skillId, staffMemberId }),
      'SkillTraining',
    );
    await manager.delete(SkillTrainingEntity, { districtId, skillId, staffMemberId });
    await recordAudit(ctx, {
      action: 'skillTraining.remove',
      entityType: 'StaffMember',
      entityId: staffMemberId,
      fields: ['skillId'],
    });
    return SkillTraining.from(current);
  }

  /** The skill and the person an input names: both must be of the caller's district, else their field is named. */
  private async assertReferences(
    manager: EntityManager,
    districtId: string,
    { skillId, staffMemberId }: SkillTrainingKey,
  ): Promise<void> {
    const c = new InputChecker();
    if (!(await manager.existsBy(SkillEntity, { id: skillId, districtId }))) {
      c.add('skillId', 'No such skill in your district');
    }
    if (!(await manager.existsBy(StaffMemberEntity, { id: staffMemberId, districtId }))) {
      c.add('staffMemberId', 'No such person in your district');
    }
    c.throwIfAny();
  }
}

export const skillTrainingService = new SkillTrainingService();
