import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** An integrator's credential in one district (migration 1764800000000-ApiClients). */
@Entity({ name: 'api_client' })
export class ApiClientEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'text', array: true }) scopes: string[];
  /** CIDR blocks (inet) the client may call from; empty: anywhere. */
  @Column({ type: 'inet', array: true, name: 'allowed_addresses' }) allowedAddresses: string[];
  @Column({ type: 'uuid', name: 'owner_id' }) ownerId: string;
  @VersionColumn({ type: 'integer' }) version: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
  @Column({ type: 'timestamptz', name: 'last_used_at', nullable: true }) lastUsedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true }) revokedAt: Date | null;
}

/** One of a client's secrets: its SHA-256 only (secrets.ts says why that is enough). */
@Entity({ name: 'api_client_secret' })
export class ApiClientSecretEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'uuid', name: 'client_id' }) clientId: string;
  @Column({ type: 'text', name: 'secret_hash' }) secretHash: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  /** The end of a rotation's grace period; null while the secret is current. */
  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true }) expiresAt: Date | null;
  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true }) revokedAt: Date | null;
}
