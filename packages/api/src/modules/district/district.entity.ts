import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export const DistrictStatus = { ACTIVE: 'ACTIVE', SUSPENDED: 'SUSPENDED' } as const;
export type DistrictStatus = (typeof DistrictStatus)[keyof typeof DistrictStatus];

@Entity({ name: 'district' })
export class DistrictEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) slug: string;
  @Column({ type: 'text' }) timezone: string;
  @Column({ type: 'smallint', name: 'academic_year_start_month' }) academicYearStartMonth: number;
  @Column({ type: 'text' }) status: DistrictStatus;
  @VersionColumn({ type: 'integer' }) version: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
