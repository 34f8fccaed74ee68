import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '@throughline/shared';

@Entity({ name: 'role_assignment' })
export class RoleAssignmentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'uuid', name: 'staff_member_id' }) staffMemberId: string;
  @Column({ type: 'text' }) role: Role;
  @Column({ type: 'uuid', name: 'school_id', nullable: true }) schoolId: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  /** From when the fact holds, and until when (null: still holds); see db/effective-dated.ts. */
  @Column({ type: 'timestamptz', name: 'valid_from', default: () => 'now()' }) validFrom: Date;
  @Column({ type: 'timestamptz', name: 'valid_to', nullable: true }) validTo: Date | null;
  /** The last write, an ending included (also kept by a trigger: migration 1764910000000-ChangeFeed). */
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
