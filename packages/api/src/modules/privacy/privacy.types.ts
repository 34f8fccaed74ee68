import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { toGlobalId } from '../../graphql/global-id';
import type { ExportRow } from './export.service';
import type { CertificateRow, DisposalRow } from './disposal.service';
import type { RetentionRunRow, RetentionSettingRow } from './retention.service';

@ObjectType('DistrictExportFile', { description: 'One file of an export archive, as its manifest.json lists it.' })
export class DistrictExportFile {
  @Field(() => String) name: string;
  @Field(() => Int, { description: 'Data rows (a CSV header line not counted).' }) rows: number;
  @Field(() => Float) bytes: number;
  @Field(() => String, { description: 'SHA-256 of the file, hex.' }) sha256: string;
}

@ObjectType('DistrictExport', { description: "An archive of the whole district (docs/privacy.md, 'Export')." })
export class DistrictExport {
  @Field(() => ID) id: string;
  @Field(() => String, { description: 'RUNNING, COMPLETED or FAILED.' }) status: string;
  @Field(() => String, { description: 'STAFF (a district admin) or OPERATOR.' }) requestedByKind: string;
  @Field(() => Date) requestedAt: Date;
  @Field(() => Date, { nullable: true }) completedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'After this the archive can no longer be downloaded.' })
  expiresAt: Date | null;
  @Field(() => Float, { nullable: true }) byteSize: number | null;
  @Field(() => String, { nullable: true, description: 'SHA-256 of the whole zip, hex.' }) sha256: string | null;
  @Field(() => Int, { nullable: true, description: 'Confidential cells written as [withheld].' })
  withheldCount: number | null;
  @Field(() => [DistrictExportFile]) files: DistrictExportFile[];
  @Field(() => String, { nullable: true, description: 'Why it failed, in a few words (never any data).' })
  failure: string | null;
  /** Set by the resolver: the signed link, for the requester only. */
  downloadUrl?: string | null;

  static from(row: ExportRow): DistrictExport {
    return Object.assign(new DistrictExport(), {
      id: toGlobalId('DistrictExport', row.id),
      status: row.status,
      requestedByKind: row.requested_by_kind,
      requestedAt: row.created_at,
      completedAt: row.completed_at,
      expiresAt: row.expires_at,
      byteSize: row.byte_size === null ? null : Number(row.byte_size),
      sha256: row.sha256,
      withheldCount: row.withheld_count,
      files: (row.files ?? []).map((f) => Object.assign(new DistrictExportFile(), f)),
      failure: row.failure,
    });
  }
}

@InputType('DistrictExportStartInput')
export class DistrictExportStartInput {
  @Field(() => ID, {
    nullable: true,
    description: "The operator names the district (on its written request); a district admin's is their own.",
  })
  districtId?: string | null;
}

@ObjectType('DistrictExportPayload')
export class DistrictExportPayload {
  @Field(() => DistrictExport) export: DistrictExport;
}

@ObjectType('DistrictDisposal', { description: "A district's disposal: requested, scheduled, cancelled or done." })
export class DistrictDisposal {
  @Field(() => ID) id: string;
  @Field(() => ID) districtId: string;
  @Field(() => String) districtSlug: string;
  @Field(() => String) districtName: string;
  @Field(() => String, { description: 'REQUESTED, SCHEDULED, CANCELLED or DISPOSED.' }) status: string;
  @Field(() => Date) requestedAt: Date;
  @Field(() => Date, { nullable: true }) scheduledAt: Date | null;
  @Field(() => Int, { nullable: true }) graceDays: number | null;
  @Field(() => Date, { nullable: true, description: 'When the district will be disposed of.' }) dueAt: Date | null;
  @Field(() => Date, { nullable: true }) cancelledAt: Date | null;
  @Field(() => Date, { nullable: true }) disposedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Why the last attempt did not carry it out.' })
  lastError: string | null;

  static from(row: DisposalRow): DistrictDisposal {
    return Object.assign(new DistrictDisposal(), {
      id: toGlobalId('DistrictDisposal', row.id),
      districtId: toGlobalId('District', row.target_district_id),
      districtSlug: row.district_slug,
      districtName: row.district_name,
      status: row.status,
      requestedAt: row.requested_at,
      scheduledAt: row.scheduled_at,
      graceDays: row.grace_days,
      dueAt: row.due_at,
      cancelledAt: row.cancelled_at,
      disposedAt: row.disposed_at,
      lastError: row.last_error,
    });
  }
}

@ObjectType('DistrictDisposalPayload')
export class DistrictDisposalPayload {
  @Field(() => DistrictDisposal) disposal: DistrictDisposal;
}

@InputType('DistrictDisposalRequestInput')
export class DistrictDisposalRequestInput {
  @Field(() => String, { description: "The district's slug, typed out to confirm." }) confirmSlug: string;
}

@InputType('DistrictDisposalScheduleInput')
export class DistrictDisposalScheduleInput {
  @Field(() => ID) id: string;
  @Field(() => Int, { nullable: true, description: 'Days until it is carried out (0-365; default 30).' })
  graceDays?: number | null;
}

@InputType('DistrictDisposalCancelInput')
export class DistrictDisposalCancelInput {
  @Field(() => ID) id: string;
}

@ObjectType('DisposalCount')
export class DisposalCount {
  @Field(() => String) table: string;
  @Field(() => Float) rows: number;
}

@ObjectType('DisposalCertificate', {
  description: 'What was deleted when a district was disposed of, kept outside the district (operators only).',
})
export class DisposalCertificate {
  @Field(() => ID) id: string;
  @Field(() => ID) disposalId: string;
  @Field(() => String) districtSlug: string;
  @Field(() => String) districtName: string;
  @Field(() => Date) requestedAt: Date;
  @Field(() => Date, { nullable: true }) scheduledAt: Date | null;
  @Field(() => String, { nullable: true, description: 'The operator who scheduled it.' })
  scheduledBy: string | null;
  @Field(() => Date) disposedAt: Date;
  @Field(() => [DisposalCount], { description: 'Rows deleted, per table.' }) counts: DisposalCount[];
  @Field(() => Float) totalRows: number;
  @Field(() => Int, { description: 'Queued jobs naming the district, deleted.' }) jobsDeleted: number;

  static from(row: CertificateRow): DisposalCertificate {
    return Object.assign(new DisposalCertificate(), {
      id: toGlobalId('DisposalCertificate', row.id),
      disposalId: toGlobalId('DistrictDisposal', row.disposal_id),
      districtSlug: row.district_slug,
      districtName: row.district_name,
      requestedAt: row.requested_at,
      scheduledAt: row.scheduled_at,
      scheduledBy: row.scheduled_by_name,
      disposedAt: row.disposed_at,
      counts: Object.entries(row.counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([table, rows]) => Object.assign(new DisposalCount(), { table, rows: Number(rows) })),
      totalRows: Number(row.total_rows),
      jobsDeleted: row.jobs_deleted,
    });
  }
}

@ObjectType('RetentionSettings', { description: 'How long the district keeps personal data (null: no limit).' })
export class RetentionSettings {
  @Field(() => Int, {
    nullable: true,
    description:
      'Confidential text (notes, check-in/out, reflections, action evidence) is purged this many years after its session.',
  })
  confidentialTextYears: number | null;
  @Field(() => Int, { nullable: true, description: 'People deactivated this many years ago are pseudonymised.' })
  deactivatedStaffYears: number | null;
  @Field(() => Int, { description: 'Pass back with updates (0 before the first); a stale version is a CONFLICT.' })
  version: number;

  static from(row: RetentionSettingRow): RetentionSettings {
    return Object.assign(new RetentionSettings(), {
      confidentialTextYears: row.confidential_text_years,
      deactivatedStaffYears: row.deactivated_staff_years,
      version: row.version,
    });
  }
}

@InputType('RetentionSettingsUpdateInput')
export class RetentionSettingsUpdateInput {
  @Field(() => Int) version: number;
  @Field(() => Int, { nullable: true, description: '1-50 years, or null for no limit; left out: unchanged.' })
  confidentialTextYears?: number | null;
  @Field(() => Int, { nullable: true, description: '1-50 years, or null for no limit; left out: unchanged.' })
  deactivatedStaffYears?: number | null;
}

@ObjectType('RetentionSettingsPayload')
export class RetentionSettingsPayload {
  @Field(() => RetentionSettings) retentionSettings: RetentionSettings;
}

@ObjectType('RetentionRun', { description: 'What one retention run did (counts only).' })
export class RetentionRun {
  @Field(() => ID) id: string;
  @Field(() => Date) ranAt: Date;
  @Field(() => Int, { nullable: true }) confidentialTextYears: number | null;
  @Field(() => Int, { nullable: true }) deactivatedStaffYears: number | null;
  @Field(() => Int) sessionsPurged: number;
  @Field(() => Int) reflectionAnswersPurged: number;
  @Field(() => Int) actionTextsPurged: number;
  @Field(() => Int) staffPseudonymised: number;
  @Field(() => Int, { description: 'Learner consents whose label, student id and recording reference were purged.' })
  consentsPurged: number;

  static from(row: RetentionRunRow): RetentionRun {
    return Object.assign(new RetentionRun(), {
      id: toGlobalId('RetentionRun', row.id),
      ranAt: row.ran_at,
      confidentialTextYears: row.confidential_text_years,
      deactivatedStaffYears: row.deactivated_staff_years,
      sessionsPurged: row.sessions_purged,
      reflectionAnswersPurged: row.reflection_answers_purged,
      actionTextsPurged: row.action_texts_purged,
      staffPseudonymised: row.staff_pseudonymised,
      consentsPurged: row.consents_purged,
    });
  }
}
