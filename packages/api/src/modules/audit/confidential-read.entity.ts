import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Who was given which record's confidential text, and when: never the text (modules/audit/read-audit.ts). */
@Entity({ name: 'confidential_read' })
export class ConfidentialReadEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'timestamptz', name: 'read_at' }) readAt: Date;
  /** The person who read; null when the platform operator read (readerOperatorId). */
  @Column({ type: 'uuid', name: 'reader_id', nullable: true }) readerId: string | null;
  @Column({ type: 'uuid', name: 'reader_operator_id', nullable: true }) readerOperatorId: string | null;
  @Column({ type: 'uuid', name: 'author_id', nullable: true }) authorId: string | null;
  @Column({ type: 'text', name: 'record_type' }) recordType: string;
  @Column({ type: 'uuid', name: 'record_id' }) recordId: string;
  @Column({ type: 'text' }) field: string;
  @Column({ type: 'text', name: 'request_id', nullable: true }) requestId: string | null;
}
