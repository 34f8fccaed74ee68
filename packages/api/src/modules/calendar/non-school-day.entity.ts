import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { NonSchoolDayKind, NonSchoolDaySource } from '@throughline/shared';

/** One entry of the district calendar: local days `startsOn`..`endsOn` (both included) with no school. */
@Entity({ name: 'non_school_day' })
export class NonSchoolDayEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'date', name: 'starts_on' }) startsOn: string;
  @Column({ type: 'date', name: 'ends_on' }) endsOn: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) kind: NonSchoolDayKind;
  @Column({ type: 'text' }) source: NonSchoolDaySource;
  /** The iCalendar event's UID (with the occurrence's day for a recurring event); null when typed in. */
  @Column({ type: 'text', name: 'import_uid', nullable: true }) importUid: string | null;
  @VersionColumn({ type: 'integer' }) version: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
