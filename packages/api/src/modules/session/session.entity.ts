import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { EvidenceKind, SessionStatus } from '@throughline/shared';

@Entity({ name: 'conversation_session' })
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'uuid', name: 'conversation_id' }) conversationId: string;
  @Column({ type: 'timestamptz', name: 'scheduled_at' }) scheduledAt: Date;
  @Column({ type: 'text' }) status: SessionStatus;
  @Column({ type: 'timestamptz', name: 'held_at', nullable: true }) heldAt: Date | null;
  @Column({ type: 'smallint', name: 'duration_minutes', nullable: true }) durationMinutes: number | null;
  @Column({ type: 'text', name: 'cancel_reason', nullable: true }) cancelReason: string | null;
  /** When it was cancelled, by the server's clock; set on every cancelled session. */
  @Column({ type: 'timestamptz', name: 'cancelled_at', nullable: true }) cancelledAt: Date | null;
  /** Confidential: readable only inside the conversation's boundary. */
  @Column({ type: 'text', nullable: true }) notes: string | null;
  @Column({ type: 'text', name: 'check_in', nullable: true }) checkIn: string | null;
  @Column({ type: 'text', name: 'check_out', nullable: true }) checkOut: string | null;
  @Column({ type: 'boolean', name: 'recording_consent' }) recordingConsent: boolean;
  @VersionColumn({ type: 'integer' }) version: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}

@Entity({ name: 'session_attendance' })
export class AttendanceEntity {
  @PrimaryColumn({ type: 'uuid', name: 'district_id' }) districtId: string;
  @PrimaryColumn({ type: 'uuid', name: 'session_id' }) sessionId: string;
  @PrimaryColumn({ type: 'uuid', name: 'staff_member_id' }) staffMemberId: string;
}

@Entity({ name: 'session_evidence' })
export class EvidenceEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'uuid', name: 'session_id' }) sessionId: string;
  @Column({ type: 'text' }) kind: EvidenceKind;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'date', name: 'collected_on' }) collectedOn: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
}
