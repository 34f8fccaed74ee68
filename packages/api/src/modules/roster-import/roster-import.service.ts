import { createHash } from 'node:crypto';
import { Permission } from '@throughline/shared';
import { requireGrant, requireMember, requireStaff } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { BadUserInputError, ConflictError, ForbiddenError, found } from '../../graphql/errors';
import { mapPage, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';
import { recordAudit } from '../audit/audit.service';
import { ROSTER_LIMITS } from './oneroster-parse';
import {
  RosterImportChangeEntity,
  RosterImportEntity,
  RosterImportProblemEntity,
  RosterImportStatus,
} from './roster-import.entity';
import {
  RosterImport,
  RosterImportChange,
  RosterImportProgress,
  RosterImportProblem,
  RosterRoleMapping,
  type RosterImportChangesArgs,
  type RosterProblemSeverity,
  type RosterRoleMappingUpdateInput,
} from './roster-import.type';
import { checkRules, loadRoleMapping } from './role-mapping';
import { enqueueApply, enqueueValidation } from './roster-jobs';

/** The permissions a roster import writes with; each must reach the whole district. */
const ROSTER_WRITE = [Permission.SCHOOL_MANAGE, Permission.STAFF_MANAGE, Permission.ROLE_ASSIGNMENT_MANAGE] as const;

export interface RosterUpload {
  content: Buffer;
  fileName: string | null;
  grantDistrictAdmin: boolean;
  includeUnrostered: boolean;
}

/**
 * OneRoster imports of a district (docs/oneroster.md): district admins, and API clients with `roster:write` (the
 * permissions to manage schools, staff and role assignments across the whole district).
 */
export class RosterImportService {
  private district(ctx: RequestContext): string {
    const member = requireMember(ctx);
    for (const permission of ROSTER_WRITE) {
      if (!requireGrant(ctx, permission).districtWide) throw new ForbiddenError();
    }
    return member.districtId;
  }

  /** The district whose roster the caller may export: the same callers as an import. */
  exportDistrict(ctx: RequestContext): string {
    return this.district(ctx);
  }

  async list(ctx: RequestContext, page: PageRequest): Promise<Page<RosterImport>> {
    const districtId = this.district(ctx);
    const qb = (await managerOf(ctx))
      .createQueryBuilder(RosterImportEntity, 'ri')
      .where('ri.district_id = :districtId', { districtId });
    const result = await paginate(qb, page, { expression: 'ri.created_at', direction: 'DESC', timestamp: true });
    return mapPage(result, RosterImport.from);
  }

  private async entity(ctx: RequestContext, id: string): Promise<RosterImportEntity | null> {
    const districtId = this.district(ctx);
    return (await managerOf(ctx)).findOneBy(RosterImportEntity, { districtId, id });
  }

  async findById(ctx: RequestContext, id: string): Promise<RosterImport | null> {
    const row = await this.entity(ctx, id);
    return row ? RosterImport.from(row) : null;
  }

  async get(ctx: RequestContext, id: string): Promise<RosterImport> {
    return RosterImport.from(found(await this.entity(ctx, id), 'RosterImport'));
  }

  async problems(
    ctx: RequestContext,
    importId: string,
    page: PageRequest,
    severity?: RosterProblemSeverity | null,
  ): Promise<Page<RosterImportProblem>> {
    const districtId = this.district(ctx);
    const qb = (await managerOf(ctx))
      .createQueryBuilder(RosterImportProblemEntity, 'p')
      .where('p.district_id = :districtId AND p.import_id = :importId', { districtId, importId });
    if (severity) qb.andWhere('p.severity = :severity', { severity });
    const result = await paginate(qb, page, { expression: 'p.seq', direction: 'ASC' });
    return mapPage(result, RosterImportProblem.from);
  }

  /** The plan's changes, in plan order, of one kind or action when asked: the dry run's browsable list. */
  async changes(
    ctx: RequestContext,
    importId: string,
    args: RosterImportChangesArgs,
  ): Promise<Page<RosterImportChange>> {
    const districtId = this.district(ctx);
    const qb = (await managerOf(ctx))
      .createQueryBuilder(RosterImportChangeEntity, 'c')
      .where('c.district_id = :districtId AND c.import_id = :importId', { districtId, importId });
    if (args.entity) qb.andWhere('c.entity = :entity', { entity: args.entity });
    if (args.action) qb.andWhere('c.action = :action', { action: args.action });
    const result = await paginate(qb, args, { expression: 'c.seq', direction: 'ASC' });
    return mapPage(result, RosterImportChange.from);
  }

  /** How far applying has got (null before it starts): written batch by batch by the applying job. */
  async progress(ctx: RequestContext, importId: string): Promise<RosterImportProgress | null> {
    const districtId = this.district(ctx);
    const [row]: { applied: number; total: number; updated_at: Date }[] = await (
      await managerOf(ctx)
    ).query(`SELECT applied, total, updated_at FROM roster_import_progress WHERE district_id = $1 AND import_id = $2`, [
      districtId,
      importId,
    ]);
    return row
      ? Object.assign(new RosterImportProgress(), { applied: row.applied, total: row.total, updatedAt: row.updated_at })
      : null;
  }

  /** The district's role mapping (its defaults until an admin changes one). */
  async roleMapping(ctx: RequestContext): Promise<RosterRoleMapping> {
    const districtId = this.district(ctx);
    return RosterRoleMapping.from(await loadRoleMapping(await managerOf(ctx), districtId));
  }

  /**
   * Changes rules of the role mapping (district admins, people only: the mapping decides who an import makes a school
   * leader). Rules not named keep their value; a stale version is a CONFLICT; every bad rule is named at once.
   */
  async updateRoleMapping(ctx: RequestContext, input: RosterRoleMappingUpdateInput): Promise<RosterRoleMapping> {
    requireStaff(ctx);
    const districtId = this.district(ctx);
    if (!requireGrant(ctx, Permission.DISTRICT_SETTINGS_MANAGE).districtWide) throw new ForbiddenError();
    const manager = await managerOf(ctx);
    const current = await loadRoleMapping(manager, districtId);
    const { mapping, errors } = checkRules(input.rules, current.mapping);
    if (errors.length) throw new BadUserInputError(errors);
    if (input.version !== current.version) throw new ConflictError('RosterRoleMapping');
    const rules = JSON.stringify(mapping.rules);
    const written: unknown[] =
      current.version === 0
        ? await manager.query(
            `INSERT INTO roster_role_mapping (district_id, rules) VALUES ($1, $2::jsonb)
             ON CONFLICT (district_id) DO NOTHING RETURNING version`,
            [districtId, rules],
          )
        : await manager.query(
            `UPDATE roster_role_mapping SET rules = $2::jsonb, version = version + 1, updated_at = now()
              WHERE district_id = $1 AND version = $3 RETURNING version`,
            [districtId, rules, current.version],
          );
    // pg answers an UPDATE … RETURNING as [rows, count].
    const rows = current.version === 0 ? written : (written[0] as unknown[]);
    if (!rows.length) throw new ConflictError('RosterRoleMapping');
    const before = new Map(current.mapping.rules.map((r) => [`${r.orgType}:${r.oneRosterRole}`, r.role]));
    await recordAudit(ctx, {
      action: 'rosterRoleMapping.update',
      entityType: 'RosterRoleMapping',
      entityId: districtId,
      fields: mapping.rules
        .filter((r) => before.get(`${r.orgType}:${r.oneRosterRole}`) !== r.role)
        .map((r) => `${r.orgType.toLowerCase()}.${r.oneRosterRole}`),
    });
    return RosterRoleMapping.from(await loadRoleMapping(manager, districtId));
  }

  /** Stores an upload and queues its validation (the dry run), in the caller's transaction. */
  async create(ctx: RequestContext, upload: RosterUpload): Promise<RosterImport> {
    const districtId = this.district(ctx);
    const member = requireMember(ctx);
    if (upload.content.length === 0) {
      throw new BadUserInputError([{ field: 'file', message: 'The upload is empty: send the zip as the body' }]);
    }
    if (upload.content.length > ROSTER_LIMITS.uploadMaxBytes) {
      throw new BadUserInputError([{ field: 'file', message: 'The upload is larger than 50 MB' }]);
    }
    const fileName = upload.fileName?.trim().slice(0, 255) || null;
    const manager = await managerOf(ctx);
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO roster_import (district_id, status, file_name, byte_size, sha256, content, grant_district_admin,
                                  uploaded_by_kind, uploaded_by_id, include_unrostered)
       VALUES ($1, 'UPLOADED', $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        districtId,
        fileName,
        upload.content.length,
        createHash('sha256').update(upload.content).digest('hex'),
        upload.content,
        upload.grantDistrictAdmin,
        member.kind === 'client' ? 'CLIENT' : 'STAFF',
        member.kind === 'client' ? member.clientId : member.staffMemberId,
        upload.includeUnrostered,
      ],
    );
    await enqueueValidation(manager, districtId, row.id);
    await recordAudit(ctx, {
      action: 'rosterImport.create',
      entityType: 'RosterImport',
      entityId: row.id,
      fields: ['content', 'fileName', 'grantDistrictAdmin', 'includeUnrostered'],
    });
    return RosterImport.from(await manager.findOneByOrFail(RosterImportEntity, { districtId, id: row.id }));
  }

  private async transition(
    ctx: RequestContext,
    id: string,
    version: number | null,
    from: readonly RosterImportStatus[],
    to: RosterImportStatus,
    refusal: string,
  ): Promise<RosterImportEntity> {
    const current = found(await this.entity(ctx, id), 'RosterImport');
    if (!from.includes(current.status)) {
      throw new BadUserInputError([{ field: 'id', message: `${refusal} (it is ${current.status})` }]);
    }
    if (version !== null && version !== current.version) throw new ConflictError('RosterImport');
    const member = requireMember(ctx);
    const manager = await managerOf(ctx);
    const applying = to === RosterImportStatus.APPLYING;
    const result = await manager
      .createQueryBuilder()
      .update(RosterImportEntity)
      .set({
        status: to,
        version: () => 'version + 1',
        updatedAt: () => 'now()',
        ...(applying
          ? {
              appliedByKind: member.kind === 'client' ? 'CLIENT' : 'STAFF',
              appliedById: member.kind === 'client' ? member.clientId : member.staffMemberId,
            }
          : { content: null }),
      } as never)
      .where('district_id = :districtId AND id = :id AND version = :version', {
        districtId: current.districtId,
        id,
        version: current.version,
      })
      .execute();
    if (!result.affected) throw new ConflictError('RosterImport');
    if (applying) await enqueueApply(manager, current.districtId, id);
    await recordAudit(ctx, {
      action: applying ? 'rosterImport.apply' : 'rosterImport.discard',
      entityType: 'RosterImport',
      entityId: id,
      fields: ['status'],
    });
    return manager.findOneByOrFail(RosterImportEntity, { districtId: current.districtId, id });
  }

  /** Confirms the dry run: the import is applied by the job queue, in one transaction (status APPLYING, then APPLIED). */
  async apply(ctx: RequestContext, id: string, version: number): Promise<RosterImport> {
    const row = await this.transition(
      ctx,
      id,
      version,
      [RosterImportStatus.PREVIEW_READY],
      RosterImportStatus.APPLYING,
      'Only an import whose preview is ready can be applied',
    );
    return RosterImport.from(row);
  }

  /** Drops an import that is not applied: its file is deleted, its preview and problems stay readable. */
  async discard(ctx: RequestContext, id: string): Promise<RosterImport> {
    const row = await this.transition(
      ctx,
      id,
      null,
      [
        RosterImportStatus.UPLOADED,
        RosterImportStatus.VALIDATING,
        RosterImportStatus.PREVIEW_READY,
        RosterImportStatus.FAILED,
      ],
      RosterImportStatus.DISCARDED,
      'Only an import not applied (nor being applied) can be discarded',
    );
    return RosterImport.from(row);
  }
}

export const rosterImportService = new RosterImportService();
