import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { ConfidentialityBoundary, ConversationProtocol, ConversationType, Role } from '@throughline/shared';

@Entity({ name: 'learning_conversation' })
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'uuid', name: 'school_id', nullable: true }) schoolId: string | null;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) type: ConversationType;
  @Column({ type: 'text' }) purpose: string;
  /** RFC 5545 RRULE, evaluated in the district's time zone; null for a one-off. */
  @Column({ type: 'text', nullable: true }) cadence: string | null;
  /** Wall-clock start of the first session in the district's zone ('YYYY-MM-DDTHH:mm'). */
  @Column({ type: 'text', name: 'first_starts_at' }) firstStartsAt: string;
  @Column({ type: 'smallint', name: 'duration_minutes' }) durationMinutes: number;
  @Column({ type: 'text' }) setting: string;
  @Column({ type: 'uuid', name: 'facilitator_id' }) facilitatorId: string;
  @Column({ type: 'text' }) protocol: ConversationProtocol;
  @Column({ type: 'text', name: 'evidence_to_bring' }) evidenceToBring: string;
  @Column({ type: 'uuid', name: 'skill_focus_id', nullable: true }) skillFocusId: string | null;
  @Column({ type: 'text' }) confidentiality: ConfidentialityBoundary;
  /** Sessions are scheduled up to this date. */
  @Column({ type: 'date', name: 'schedule_until' }) scheduleUntil: string;
  @Column({ type: 'boolean' }) active: boolean;
  @VersionColumn({ type: 'integer' }) version: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}

@Entity({ name: 'conversation_participant' })
export class ParticipantEntity {
  @PrimaryColumn({ type: 'uuid', name: 'district_id' }) districtId: string;
  @PrimaryColumn({ type: 'uuid', name: 'conversation_id' }) conversationId: string;
  @PrimaryColumn({ type: 'uuid', name: 'staff_member_id' }) staffMemberId: string;
}

@Entity({ name: 'conversation_participant_role' })
export class ParticipantRoleEntity {
  @PrimaryColumn({ type: 'uuid', name: 'district_id' }) districtId: string;
  @PrimaryColumn({ type: 'uuid', name: 'conversation_id' }) conversationId: string;
  @PrimaryColumn({ type: 'text' }) role: Role;
}

@Entity({ name: 'conversation_norm' })
export class ConversationNormEntity {
  @PrimaryColumn({ type: 'uuid', name: 'district_id' }) districtId: string;
  @PrimaryColumn({ type: 'uuid', name: 'conversation_id' }) conversationId: string;
  @PrimaryColumn({ type: 'uuid', name: 'norm_id' }) normId: string;
}
