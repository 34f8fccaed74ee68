import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { ChangeDimension } from '@throughline/shared';

/** A strategy depends on a learning conversation, expecting it to change a belief, attitude, skill or practice. */
@Entity({ name: 'conversation_mapping' })
export class MappingEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'uuid', name: 'strategy_id' }) strategyId: string;
  @Column({ type: 'uuid', name: 'conversation_id' }) conversationId: string;
  @Column({ type: 'text' }) dimension: ChangeDimension;
  @Column({ type: 'text', name: 'expected_change' }) expectedChange: string;
  /** From when the fact holds, and until when (null: still holds); see db/effective-dated.ts. */
  @Column({ type: 'timestamptz', name: 'valid_from', default: () => 'now()' }) validFrom: Date;
  @Column({ type: 'timestamptz', name: 'valid_to', nullable: true }) validTo: Date | null;
  @VersionColumn({ type: 'integer' }) version: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
