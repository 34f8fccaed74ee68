import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Something that happened in a district, recorded in the transaction of the change (migration 1764810000000). */
@Entity({ name: 'outbox_event' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'text' }) type: string;
  @Column({ type: 'text', name: 'subject_type' }) subjectType: string;
  @Column({ type: 'uuid', name: 'subject_id' }) subjectId: string;
  @Column({ type: 'jsonb' }) payload: Record<string, unknown>;
  @Column({ type: 'timestamptz', name: 'occurred_at', default: () => 'now()' }) occurredAt: Date;
}
