import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A learner's consent to a learning-partnership conversation being recorded (migration 1765050000000). */
@Entity({ name: 'learner_consent' })
export class LearnerConsentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'uuid', name: 'session_id' }) sessionId: string;
  /** Confidential: the label the teacher chose for the learner. */
  @Column({ type: 'text', name: 'learner_label' }) learnerLabel: string;
  /** Confidential: only where the district allows student ids. */
  @Column({ type: 'text', name: 'student_id', nullable: true }) studentId: string | null;
  @Column({ type: 'text', name: 'guardian_relationship', nullable: true }) guardianRelationship: string | null;
  @Column({ type: 'text' }) scope: string;
  @Column({ type: 'timestamptz', name: 'consented_at' }) consentedAt: Date;
  /** Confidential: where the recording is kept. */
  @Column({ type: 'text', name: 'recording_reference', nullable: true }) recordingReference: string | null;
  @Column({ type: 'uuid', name: 'recorded_by' }) recordedBy: string;
  @Column({ type: 'timestamptz', name: 'recorded_at' }) recordedAt: Date;
  @Column({ type: 'timestamptz', name: 'withdrawn_at', nullable: true }) withdrawnAt: Date | null;
  @Column({ type: 'uuid', name: 'withdrawn_by', nullable: true }) withdrawnBy: string | null;
  @Column({ type: 'integer', name: 'texts_purged', nullable: true }) textsPurged: number | null;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
