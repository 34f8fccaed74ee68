import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'credential' })
export class CredentialEntity {
  @PrimaryColumn({ type: 'uuid', name: 'district_id' }) districtId: string;
  @PrimaryColumn({ type: 'uuid', name: 'staff_member_id' }) staffMemberId: string;
  @Column({ type: 'text', name: 'password_hash' }) passwordHash: string;
  @Column({ type: 'timestamptz', name: 'password_changed_at' }) passwordChangedAt: Date;
}
