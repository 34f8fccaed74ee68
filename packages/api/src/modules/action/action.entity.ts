import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { ActionStatus, PracticeEvidenceKind } from '@throughline/shared';

@Entity({ name: 'action_item' })
export class ActionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'uuid', name: 'session_id' }) sessionId: string;
  @Column({ type: 'uuid', name: 'owner_id' }) ownerId: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'date', name: 'due_on' }) dueOn: string;
  /** The due date the action was created with; the database fills it on insert and refuses to change it. */
  @Column({ type: 'date', name: 'original_due_on', insert: false, update: false }) originalDueOn: string;
  @Column({ type: 'text' }) status: ActionStatus;
  @Column({ type: 'date', name: 'completed_on', nullable: true }) completedOn: string | null;
  /** When the action became DONE: stamped by the database (trigger), never written by the API. */
  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true, insert: false, update: false })
  completedAt: Date | null;
  /** What was done, required to mark the action DONE. Confidential (may name students), like session notes. */
  @Column({ type: 'text', name: 'completion_evidence', nullable: true }) completionEvidence: string | null;
  /** What can now be seen, heard or measured, recorded when the action is done. */
  @Column({ type: 'text', name: 'practice_change_evidence', nullable: true }) practiceChangeEvidence: string | null;
  @Column({ type: 'uuid', name: 'corroborated_by', nullable: true }) corroboratedBy: string | null;
  @Column({ type: 'timestamptz', name: 'corroborated_at', nullable: true }) corroboratedAt: Date | null;
  @Column({ type: 'text', name: 'corroboration_kind', nullable: true }) corroborationKind: PracticeEvidenceKind | null;
  /** Confidential, like the evidence it corroborates. */
  @Column({ type: 'text', name: 'corroboration_note', nullable: true }) corroborationNote: string | null;
  @Column({ type: 'uuid', name: 'sustained_by', nullable: true }) sustainedBy: string | null;
  @Column({ type: 'timestamptz', name: 'sustained_at', nullable: true }) sustainedAt: Date | null;
  @Column({ type: 'text', name: 'sustained_kind', nullable: true }) sustainedKind: PracticeEvidenceKind | null;
  /** Confidential. */
  @Column({ type: 'text', name: 'sustained_note', nullable: true }) sustainedNote: string | null;
  @VersionColumn({ type: 'integer' }) version: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}

/** A due date moved or a completion day corrected: old and new day, who and when (append-only). */
@Entity({ name: 'action_date_change' })
export class ActionDateChangeEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'uuid', name: 'action_id' }) actionId: string;
  @Column({ type: 'text' }) field: 'DUE_ON' | 'COMPLETED_ON';
  @Column({ type: 'date', name: 'old_value' }) oldValue: string;
  @Column({ type: 'date', name: 'new_value' }) newValue: string;
  @Column({ type: 'uuid', name: 'changed_by', nullable: true }) changedBy: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'changed_at' }) changedAt: Date;
}
