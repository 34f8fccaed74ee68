import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A row of the delivery log (`mail_message`), as the outbox reads it (the worker writes it with SQL: messages.ts).
 * Only the columns the outbox shows are mapped; the calendar part and the HTML body are not.
 */
@Entity({ name: 'mail_message' })
export class MailMessageEntity {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'uuid', name: 'staff_member_id' }) staffMemberId: string;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'text', name: 'to_address' }) toAddress: string;
  @Column({ type: 'text' }) subject: string;
  @Column({ type: 'text' }) state: string;
  @Column({ type: 'text', name: 'body_text', nullable: true }) bodyText: string | null;
  @Column({ type: 'integer', name: 'attempt_count' }) attemptCount: number;
  @Column({ type: 'text', name: 'last_error', nullable: true }) lastError: string | null;
  @Column({ type: 'text' }) language: string;
  @Column({ type: 'timestamptz', name: 'deferred_until', nullable: true }) deferredUntil: Date | null;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'sent_at', nullable: true }) sentAt: Date | null;
}
