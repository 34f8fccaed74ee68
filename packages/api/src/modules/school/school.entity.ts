import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { SchoolStatus } from '@throughline/shared';

@Entity({ name: 'school' })
export class SchoolEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) code: string;
  /** The OneRoster sourcedId of the org this school came from (modules/roster-import); null when typed in. */
  @Column({ type: 'text', name: 'roster_id', nullable: true }) rosterId: string | null;
  @Column({ type: 'smallint', name: 'grade_low', nullable: true }) gradeLow: number | null;
  @Column({ type: 'smallint', name: 'grade_high', nullable: true }) gradeHigh: number | null;
  @Column({ type: 'text' }) status: SchoolStatus;
  @VersionColumn({ type: 'integer' }) version: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
