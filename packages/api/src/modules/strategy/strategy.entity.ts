import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { StrategyKind, StrategyStatus } from '@throughline/shared';

@Entity({ name: 'improvement_strategy' })
export class StrategyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  /** Null for a district-wide strategy. */
  @Column({ type: 'uuid', name: 'school_id', nullable: true }) schoolId: string | null;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) goal: string;
  @Column({ type: 'text' }) kind: StrategyKind;
  @Column({ type: 'text' }) status: StrategyStatus;
  @Column({ type: 'date', name: 'starts_on' }) startsOn: string;
  @Column({ type: 'date', name: 'ends_on', nullable: true }) endsOn: string | null;
  @Column({ type: 'uuid', name: 'owner_id' }) ownerId: string;
  @Column({ type: 'text', name: 'success_measures' }) successMeasures: string;
  @VersionColumn({ type: 'integer' }) version: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
