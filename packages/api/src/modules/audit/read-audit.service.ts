import { Permission } from '@throughline/shared';
import { ConfidentialReadEntity } from './confidential-read.entity';
import { AuditEventEntity } from './audit-event.entity';
import { AuditLogKind, ConfidentialRead, type AuditLogCsv } from './read-audit.type';
import type { ConfidentialRecord } from './read-audit';
import { requireGrant, requireStaff } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { ForbiddenError } from '../../graphql/errors';
import { mapPage, OrderDirection, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';
import { groupBy } from '../../graphql/loaders';
import { csvLine } from '../privacy/csv';
import { recordAudit } from './audit.service';

/** The read-events filter with domain ids (the resolver decodes and checks them). */
export interface ConfidentialReadListFilter {
  readerId?: string;
  authorId?: string;
  record?: { type: string; id: string };
  readAfter?: Date;
  readBefore?: Date;
}

/** Rows one CSV download holds at most (about 3 MB); past it the file says so and the dates should narrow. */
export const AUDIT_CSV_MAX_ROWS = 20_000;
/** Reads of one record shown to its author at most (newest first). */
const READS_PER_RECORD = 50;

export class ReadAuditService {
  /** District admins: every read event of the district, newest first. */
  async list(
    ctx: RequestContext,
    page: PageRequest,
    filter?: ConfidentialReadListFilter,
  ): Promise<Page<ConfidentialRead>> {
    const staff = requireStaff(ctx);
    if (!requireGrant(ctx, Permission.AUDIT_READ).districtWide) throw new ForbiddenError();
    return this.page(ctx, staff.districtId, page, filter);
  }

  /** Anyone: who read the caller's own text (notes they logged, their shared reflections, their actions' evidence). */
  async mine(
    ctx: RequestContext,
    page: PageRequest,
    filter?: ConfidentialReadListFilter,
  ): Promise<Page<ConfidentialRead>> {
    const staff = requireStaff(ctx);
    return this.page(ctx, staff.districtId, page, { ...filter, authorId: staff.staffMemberId });
  }

  private async page(
    ctx: RequestContext,
    districtId: string,
    page: PageRequest,
    filter: ConfidentialReadListFilter | undefined,
  ): Promise<Page<ConfidentialRead>> {
    const qb = (await managerOf(ctx))
      .createQueryBuilder(ConfidentialReadEntity, 'cr')
      .where('cr.district_id = :districtId', { districtId });
    if (filter?.readerId) qb.andWhere('cr.reader_id = :reader', { reader: filter.readerId });
    if (filter?.authorId) qb.andWhere('cr.author_id = :author', { author: filter.authorId });
    if (filter?.record) {
      qb.andWhere('cr.record_type = :rType AND cr.record_id = :rId', {
        rType: filter.record.type,
        rId: filter.record.id,
      });
    }
    if (filter?.readAfter) qb.andWhere('cr.read_at >= :after', { after: filter.readAfter });
    if (filter?.readBefore) qb.andWhere('cr.read_at < :before', { before: filter.readBefore });
    return mapPage(
      await paginate(qb, page, { expression: 'cr.read_at', direction: OrderDirection.DESC, timestamp: true }),
      ConfidentialRead.from,
    );
  }

  /**
   * For the author only: the reads of each of these records of theirs (newest first, at most 50 each). Anyone else
   * gets an empty list: who read a person's text is theirs to see (and district admins', through the log).
   */
  async ofRecords(
    ctx: RequestContext,
    type: ConfidentialRecord,
    ids: readonly string[],
  ): Promise<ConfidentialRead[][]> {
    if (ctx.principal?.kind !== 'staff') return ids.map(() => []);
    const staff = ctx.principal;
    const rows: ConfidentialReadEntity[] = await (
      await managerOf(ctx)
    )
      .createQueryBuilder(ConfidentialReadEntity, 'cr')
      .where('cr.district_id = :d AND cr.author_id = :self AND cr.record_type = :type AND cr.record_id = ANY(:ids)', {
        d: staff.districtId,
        self: staff.staffMemberId,
        type,
        ids: [...ids],
      })
      .orderBy('cr.read_at', 'DESC')
      .addOrderBy('cr.id', 'DESC')
      .getMany();
    return groupBy(ids, rows, (r) => r.recordId).map((g) => g.slice(0, READS_PER_RECORD).map(ConfidentialRead.from));
  }

  /**
   * The names of readers, for the people whose text they read: a person may always learn who read their notes, even
   * someone their STAFF_READ does not reach (a teacher and their principal). Names only, of this district.
   */
  async names(ctx: RequestContext, staffIds: readonly string[]): Promise<(string | null)[]> {
    const staff = requireStaff(ctx);
    const rows: { id: string; name: string }[] = await (
      await managerOf(ctx)
    ).query(
      `SELECT id, given_name || ' ' || family_name AS name FROM staff_member WHERE district_id = $1 AND id = ANY($2)`,
      [staff.districtId, [...staffIds]],
    );
    const byId = new Map(rows.map((r) => [r.id, r.name]));
    return staffIds.map((id) => byId.get(id) ?? null);
  }

  /** District admins: the audit log (change events or read events) as one CSV file, audited. */
  async csv(ctx: RequestContext, log: AuditLogKind, after?: Date, before?: Date): Promise<AuditLogCsv> {
    const staff = requireStaff(ctx);
    if (!requireGrant(ctx, Permission.AUDIT_READ).districtWide) throw new ForbiddenError();
    const manager = await managerOf(ctx);
    const reads = log === AuditLogKind.READS;
    const qb = reads
      ? manager
          .createQueryBuilder(ConfidentialReadEntity, 'x')
          .where('x.district_id = :d', { d: staff.districtId })
          .orderBy('x.read_at', 'DESC')
      : manager
          .createQueryBuilder(AuditEventEntity, 'x')
          .where('x.district_id = :d', { d: staff.districtId })
          .orderBy('x.occurred_at', 'DESC');
    const column = reads ? 'x.read_at' : 'x.occurred_at';
    if (after) qb.andWhere(`${column} >= :after`, { after });
    if (before) qb.andWhere(`${column} < :before`, { before });
    const rows = await qb
      .addOrderBy('x.id', 'DESC')
      .take(AUDIT_CSV_MAX_ROWS + 1)
      .getMany();
    const truncated = rows.length > AUDIT_CSV_MAX_ROWS;
    const kept = rows.slice(0, AUDIT_CSV_MAX_ROWS);
    let csv: string;
    if (reads) {
      csv = csvLine(['read_at', 'reader_id', 'author_id', 'record_type', 'record_id', 'field', 'request_id']);
      for (const r of kept as ConfidentialReadEntity[]) {
        const reader = r.readerId ?? `operator:${r.readerOperatorId}`;
        csv += csvLine([r.readAt, reader, r.authorId, r.recordType, r.recordId, r.field, r.requestId]);
      }
    } else {
      csv = csvLine([
        'occurred_at',
        'actor_kind',
        'actor_id',
        'action',
        'entity_type',
        'entity_id',
        'fields',
        'client',
        'request_id',
      ]);
      for (const e of kept as AuditEventEntity[]) {
        csv += csvLine([
          e.occurredAt,
          e.actorKind,
          e.actorId,
          e.action,
          e.entityType,
          e.entityId,
          e.fields.join(' '),
          e.client,
          e.requestId,
        ]);
      }
    }
    await recordAudit(ctx, {
      action: 'auditLog.export',
      entityType: 'District',
      entityId: staff.districtId,
      fields: [reads ? 'confidentialReads' : 'auditEvents'],
    });
    const stamp = new Date().toISOString().slice(0, 10);
    return {
      filename: `${reads ? 'read-events' : 'audit-events'}-${stamp}.csv`,
      csv,
      rowCount: kept.length,
      truncated,
    };
  }
}

export const readAuditService = new ReadAuditService();
