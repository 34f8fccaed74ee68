import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

/** Columns every library item has. */
abstract class LibraryItem {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'boolean' }) active: boolean;
  @VersionColumn({ type: 'integer' }) version: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}

@Entity({ name: 'norm' })
export class NormEntity extends LibraryItem {
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) description: string;
}

@Entity({ name: 'rubric_criterion' })
export class RubricCriterionEntity extends LibraryItem {
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) description: string;
}

@Entity({ name: 'question_bank_item' })
export class QuestionBankItemEntity extends LibraryItem {
  @Column({ type: 'text' }) text: string;
  @Column({ type: 'text' }) purpose: string;
}

@Entity({ name: 'reflection_prompt' })
export class ReflectionPromptEntity extends LibraryItem {
  @Column({ type: 'text' }) text: string;
}

@Entity({ name: 'skill' })
export class SkillEntity extends LibraryItem {
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) description: string;
}

@Entity({ name: 'skill_training' })
export class SkillTrainingEntity {
  @PrimaryColumn({ type: 'uuid', name: 'district_id' }) districtId: string;
  @PrimaryColumn({ type: 'uuid', name: 'skill_id' }) skillId: string;
  @PrimaryColumn({ type: 'uuid', name: 'staff_member_id' }) staffMemberId: string;
  @Column({ type: 'date', name: 'trained_on' }) trainedOn: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
}

@Entity({ name: 'district_setting' })
export class DistrictSettingEntity {
  @PrimaryColumn({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'smallint', name: 'recent_evidence_days' }) recentEvidenceDays: number;
  @Column({ type: 'numeric', name: 'on_track_held_rate' }) onTrackHeldRate: string;
  @Column({ type: 'numeric', name: 'at_risk_held_rate' }) atRiskHeldRate: string;
  @Column({ type: 'numeric', name: 'on_track_quality' }) onTrackQuality: string;
  @Column({ type: 'numeric', name: 'at_risk_quality' }) atRiskQuality: string;
  @Column({ type: 'numeric', name: 'on_track_follow_through' }) onTrackFollowThrough: string;
  @Column({ type: 'numeric', name: 'at_risk_follow_through' }) atRiskFollowThrough: string;
  @Column({ type: 'smallint', name: 'log_grace_hours' }) logGraceHours: number;
  @Column({ type: 'smallint', name: 'cancel_notice_hours' }) cancelNoticeHours: number;
  @Column({ type: 'numeric', name: 'held_quorum' }) heldQuorum: string;
  @Column({ type: 'smallint', name: 'min_raters' }) minRaters: number;
  @Column({ type: 'smallint', name: 'rating_window_days' }) ratingWindowDays: number;
  @Column({ type: 'smallint', name: 'completion_correction_days' }) completionCorrectionDays: number;
  @Column({ type: 'smallint', name: 'sustained_after_days' }) sustainedAfterDays: number;
  @VersionColumn({ type: 'integer' }) version: number;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
