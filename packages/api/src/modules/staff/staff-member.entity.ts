import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'staff_member' })
export class StaffMemberEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'text', name: 'given_name' }) givenName: string;
  @Column({ type: 'text', name: 'family_name' }) familyName: string;
  @Column({ type: 'text' }) email: string;
  @Column({ type: 'text', nullable: true }) title: string | null;
  @Column({ type: 'text', name: 'roster_id', nullable: true }) rosterId: string | null;
  @Column({ type: 'boolean' }) active: boolean;
  @Column({ type: 'timestamptz', name: 'deactivated_at', nullable: true }) deactivatedAt: Date | null;
  @VersionColumn({ type: 'integer' }) version: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
