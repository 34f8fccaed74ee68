import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** One attendee's 1-4 score of a held session on one rubric criterion; kept on the criterion it was given on. */
@Entity({ name: 'quality_rating' })
export class RatingEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'uuid', name: 'session_id' }) sessionId: string;
  @Column({ type: 'uuid', name: 'rater_id' }) raterId: string;
  @Column({ type: 'uuid', name: 'criterion_id' }) criterionId: string;
  @Column({ type: 'smallint' }) score: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
