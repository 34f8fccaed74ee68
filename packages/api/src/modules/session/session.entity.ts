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
  /**
   * Its scheduled day in the district's zone, recorded by the database whenever `scheduledAt` is written (from the
   * zone then): funnel windows place the session by it, so a later zone change moves no past session. Never written.
   */
  @Column({ type: 'date', name: 'scheduled_on', insert: false, update: false }) scheduledOn: string;
  /**
   * Who facilitates it: the conversation's facilitator when it was scheduled, changed only while it is upcoming
   * (expected-record.ts). Its quality's self-rating and raters are read against it (rules/quality.ts). The database
   * fills it from the conversation when a writer leaves it out.
   */
  @Column({ type: 'uuid', name: 'facilitator_id' }) facilitatorId: string;
  @Column({ type: 'text' }) status: SessionStatus;
  @Column({ type: 'timestamptz', name: 'held_at', nullable: true }) heldAt: Date | null;
  @Column({ type: 'smallint', name: 'duration_minutes', nullable: true }) durationMinutes: number | null;
  /**
   * Recorded when it is first held (rules/rating-window.ts): when its rating window closes, and the district's
   * `minRaters` then. Logging it again or changing the settings never moves them. Null until it is held.
   */
  @Column({ type: 'timestamptz', name: 'rating_closes_at', nullable: true }) ratingClosesAt: Date | null;
  @Column({ type: 'smallint', name: 'min_raters', nullable: true }) minRaters: number | null;
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
