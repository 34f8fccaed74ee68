import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { Role } from '@throughline/shared';
import type { IdentityMatching, IdentityProviderPreset, JitProvisioning } from './presets';

/** A district's OpenID Connect provider (migration 1764820000000-IdentityProviders). */
@Entity({ name: 'identity_provider' })
export class IdentityProviderEntity {
  /** Chosen by the service before the insert: the sealed secret is bound to it. */
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) preset: IdentityProviderPreset;
  @Column({ type: 'text' }) issuer: string;
  @Column({ type: 'text', name: 'client_id' }) clientId: string;
  /** AES-256-GCM under SECRETS_KEY (secret-box.ts); never returned by the API. */
  @Column({ type: 'text', name: 'client_secret_sealed', nullable: true }) clientSecretSealed: string | null;
  @Column({ type: 'text', array: true, name: 'allowed_domains' }) allowedDomains: string[];
  @Column({ type: 'text' }) matching: IdentityMatching;
  @Column({ type: 'text' }) provisioning: JitProvisioning;
  @Column({ type: 'text', name: 'default_role', nullable: true }) defaultRole: Role | null;
  @Column({ type: 'uuid', name: 'default_school_id', nullable: true }) defaultSchoolId: string | null;
  @Column({ type: 'boolean' }) enabled: boolean;
  @VersionColumn({ type: 'integer' }) version: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}

/** A provider's subject id linked to a staff member (LINKED_SUBJECT matching): one per person and provider. */
@Entity({ name: 'staff_identity' })
export class StaffIdentityEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'uuid', name: 'staff_member_id' }) staffMemberId: string;
  @Column({ type: 'uuid', name: 'provider_id' }) providerId: string;
  @Column({ type: 'text' }) subject: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'last_sign_in_at', nullable: true }) lastSignInAt: Date | null;
}
