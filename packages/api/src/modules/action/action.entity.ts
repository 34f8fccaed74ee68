import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { ActionStatus } from '@throughline/shared';

@Entity({ name: 'action_item' })
export class ActionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'uuid', name: 'session_id' }) sessionId: string;
  @Column({ type: 'uuid', name: 'owner_id' }) ownerId: string;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'date', name: 'due_on' }) dueOn: string;
  @Column({ type: 'text' }) status: ActionStatus;
  @Column({ type: 'date', name: 'completed_on', nullable: true }) completedOn: string | null;
  /** What can now be seen, heard or measured, recorded when the action is done. */
  @Column({ type: 'text', name: 'practice_change_evidence', nullable: true }) practiceChangeEvidence: string | null;
  @VersionColumn({ type: 'integer' }) version: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
