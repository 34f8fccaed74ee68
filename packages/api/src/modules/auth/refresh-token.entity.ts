import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A staff member's refresh token. Only its SHA-256 is stored; a family is one sign-in and all its rotations. */
@Entity({ name: 'refresh_token' })
export class RefreshTokenEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'uuid', name: 'staff_member_id' }) staffMemberId: string;
  @Column({ type: 'uuid', name: 'family_id' }) familyId: string;
  @Column({ type: 'text', name: 'token_hash' }) tokenHash: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'expires_at' }) expiresAt: Date;
  @Column({ type: 'timestamptz', name: 'used_at', nullable: true }) usedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true }) revokedAt: Date | null;
}

/** The same for platform operators, who belong to no district. */
@Entity({ name: 'operator_refresh_token' })
export class OperatorRefreshTokenEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'operator_id' }) operatorId: string;
  @Column({ type: 'uuid', name: 'family_id' }) familyId: string;
  @Column({ type: 'text', name: 'token_hash' }) tokenHash: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'expires_at' }) expiresAt: Date;
  @Column({ type: 'timestamptz', name: 'used_at', nullable: true }) usedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true }) revokedAt: Date | null;
}
