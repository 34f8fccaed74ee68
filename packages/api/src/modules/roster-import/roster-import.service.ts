import { createHash } from 'node:crypto';
import { Permission } from '@throughline/shared';
import { requireGrant, requireMember } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { BadUserInputError, ConflictError, ForbiddenError, found } from '../../graphql/errors';
import { mapPage, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';
import { recordAudit } from '../audit/audit.service';
import { ROSTER_LIMITS } from './oneroster-parse';
import { RosterImportEntity, RosterImportProblemEntity, RosterImportStatus } from './roster-import.entity';
import { RosterImport, RosterImportProblem, type RosterProblemSeverity } from './roster-import.type';
import { enqueueApply, enqueueValidation } from './roster-jobs';

/** The permissions a roster import writes with; each must reach the whole district. */
const ROSTER_WRITE = [Permission.SCHOOL_MANAGE, Permission.STAFF_MANAGE, Permission.ROLE_ASSIGNMENT_MANAGE] as const;

export interface RosterUpload {
  content: Buffer;
  fileName: string | null;
  grantDistrictAdmin: boolean;
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
                                  uploaded_by_kind, uploaded_by_id)
       VALUES ($1, 'UPLOADED', $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        districtId,
        fileName,
        upload.content.length,
        createHash('sha256').update(upload.content).digest('hex'),
        upload.content,
        upload.grantDistrictAdmin,
        member.kind === 'client' ? 'CLIENT' : 'STAFF',
        member.kind === 'client' ? member.clientId : member.staffMemberId,
      ],
    );
    await enqueueValidation(manager, districtId, row.id);
    await recordAudit(ctx, {
      action: 'rosterImport.create',
      entityType: 'RosterImport',
      entityId: row.id,
      fields: ['content', 'fileName', 'grantDistrictAdmin'],
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
