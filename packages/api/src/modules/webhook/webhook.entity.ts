import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { WebhookDeliveryState } from '@throughline/shared';

/** A district's subscription: where to POST which events, signed with its secret (migration 1764810000000). */
@Entity({ name: 'webhook_endpoint' })
export class WebhookEndpointEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'text' }) url: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'text', array: true, name: 'event_types' }) eventTypes: string[];
  /** `whsec_…`: shown once, at creation and on rotation; never read back through the API. */
  @Column({ type: 'text' }) secret: string;
  /** The secret before the last rotation, still signing (beside the new one) until it expires. */
  @Column({ type: 'text', name: 'previous_secret', nullable: true }) previousSecret: string | null;
  @Column({ type: 'timestamptz', name: 'previous_secret_expires_at', nullable: true })
  previousSecretExpiresAt: Date | null;
  @Column({ type: 'boolean' }) enabled: boolean;
  @Column({ type: 'text', name: 'disabled_reason', nullable: true }) disabledReason: string | null;
  @Column({ type: 'integer', name: 'consecutive_failures' }) consecutiveFailures: number;
  @Column({ type: 'timestamptz', name: 'failing_since', nullable: true }) failingSince: Date | null;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}

/** One event to one endpoint: its attempts so far and what comes next. */
@Entity({ name: 'webhook_delivery' })
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'uuid', name: 'endpoint_id' }) endpointId: string;
  @Column({ type: 'uuid', name: 'event_id' }) eventId: string;
  @Column({ type: 'text' }) state: WebhookDeliveryState;
  @Column({ type: 'integer', name: 'attempt_count' }) attemptCount: number;
  @Column({ type: 'integer', name: 'last_status_code', nullable: true }) lastStatusCode: number | null;
  @Column({ type: 'text', name: 'last_error', nullable: true }) lastError: string | null;
  @Column({ type: 'timestamptz', name: 'last_attempt_at', nullable: true }) lastAttemptAt: Date | null;
  @Column({ type: 'timestamptz', name: 'next_attempt_at', nullable: true }) nextAttemptAt: Date | null;
  /** When the current run of retries began (creation, or the last redelivery): retries stop a day after it. */
  @Column({ type: 'timestamptz', name: 'window_started_at' }) windowStartedAt: Date;
  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true }) completedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
