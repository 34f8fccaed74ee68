import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The API role may read these columns only; password hashes are reached through auth_login_candidates(). */
@Entity({ name: 'platform_operator' })
export class PlatformOperatorEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) email: string;
  @Column({ type: 'text', name: 'display_name' }) displayName: string;
  @Column({ type: 'boolean' }) active: boolean;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
}
