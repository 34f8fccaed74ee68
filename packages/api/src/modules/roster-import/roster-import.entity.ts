import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PlanAction, PlanEntity, RosterCounts } from './plan';

export const RosterImportStatus = {
  UPLOADED: 'UPLOADED',
  VALIDATING: 'VALIDATING',
  PREVIEW_READY: 'PREVIEW_READY',
  APPLYING: 'APPLYING',
  APPLIED: 'APPLIED',
  FAILED: 'FAILED',
  DISCARDED: 'DISCARDED',
} as const;
export type RosterImportStatus = (typeof RosterImportStatus)[keyof typeof RosterImportStatus];

/** One uploaded OneRoster zip of a district, from upload to applied (or failed, or discarded). */
@Entity({ name: 'roster_import' })
export class RosterImportEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'text' }) status: RosterImportStatus;
  @Column({ type: 'text', name: 'file_name', nullable: true }) fileName: string | null;
  @Column({ type: 'integer', name: 'byte_size' }) byteSize: number;
  @Column({ type: 'text' }) sha256: string;
  /** The zip; not selected by default (it can be 50 MB). */
  @Column({ type: 'bytea', nullable: true, select: false }) content: Buffer | null;
  @Column({ type: 'boolean', name: 'grant_district_admin' }) grantDistrictAdmin: boolean;
  @Column({ type: 'boolean', name: 'include_unrostered' }) includeUnrostered: boolean;
  @Column({ type: 'text', name: 'uploaded_by_kind' }) uploadedByKind: 'STAFF' | 'CLIENT';
  @Column({ type: 'uuid', name: 'uploaded_by_id' }) uploadedById: string;
  @Column({ type: 'text', name: 'applied_by_kind', nullable: true }) appliedByKind: 'STAFF' | 'CLIENT' | null;
  @Column({ type: 'uuid', name: 'applied_by_id', nullable: true }) appliedById: string | null;
  @Column({ type: 'jsonb', nullable: true }) counts: RosterCounts | null;
  @Column({ type: 'jsonb', name: 'applied_counts', nullable: true }) appliedCounts: RosterCounts | null;
  @Column({ type: 'integer', name: 'error_count' }) errorCount: number;
  @Column({ type: 'integer', name: 'warning_count' }) warningCount: number;
  @Column({ type: 'text', nullable: true }) failure: string | null;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
  @Column({ type: 'timestamptz', name: 'validated_at', nullable: true }) validatedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'applied_at', nullable: true }) appliedAt: Date | null;
}

/** One problem the validation found: file, line, column, message. */
@Entity({ name: 'roster_import_problem' })
export class RosterImportProblemEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'uuid', name: 'import_id' }) importId: string;
  @Column({ type: 'integer' }) seq: number;
  @Column({ type: 'text' }) severity: 'ERROR' | 'WARNING';
  @Column({ type: 'text', nullable: true }) file: string | null;
  @Column({ type: 'integer', nullable: true }) line: number | null;
  @Column({ type: 'text', nullable: true }) field: string | null;
  @Column({ type: 'text' }) message: string;
}

/** One change of an import's plan (plan.ts PlanItem): the dry run's browsable list, then what was applied. */
@Entity({ name: 'roster_import_change' })
export class RosterImportChangeEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'uuid', name: 'import_id' }) importId: string;
  @Column({ type: 'integer' }) seq: number;
  @Column({ type: 'text' }) entity: PlanEntity;
  @Column({ type: 'text' }) action: PlanAction;
  @Column({ type: 'text', name: 'sourced_id', nullable: true }) sourcedId: string | null;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', nullable: true }) detail: string | null;
  @Column({ type: 'text', nullable: true }) file: string | null;
  @Column({ type: 'integer', nullable: true }) line: number | null;
  /** HANDOVER: the conversation, action or strategy that needs a new owner. */
  @Column({ type: 'uuid', name: 'target_id', nullable: true }) targetId: string | null;
}
