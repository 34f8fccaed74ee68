import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

/** A participant's reflection after a session: private to its author unless shared (and then within the boundary). */
@Entity({ name: 'reflection' })
export class ReflectionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'uuid', name: 'session_id' }) sessionId: string;
  @Column({ type: 'uuid', name: 'author_id' }) authorId: string;
  @Column({ type: 'boolean' }) shared: boolean;
  @VersionColumn({ type: 'integer' }) version: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}

@Entity({ name: 'reflection_answer' })
export class ReflectionAnswerEntity {
  @PrimaryColumn({ type: 'uuid', name: 'district_id' }) districtId: string;
  @PrimaryColumn({ type: 'uuid', name: 'reflection_id' }) reflectionId: string;
  @PrimaryColumn({ type: 'uuid', name: 'prompt_id' }) promptId: string;
  @Column({ type: 'text' }) answer: string;
}
