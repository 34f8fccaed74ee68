import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** CLIENT: an integrator's API client (actor_id is the client's id). */
export const ActorKind = { STAFF: 'STAFF', OPERATOR: 'OPERATOR', SYSTEM: 'SYSTEM', CLIENT: 'CLIENT' } as const;
export type ActorKind = (typeof ActorKind)[keyof typeof ActorKind];

/** Who did what to which record and which fields changed: names of fields only, never their values. */
@Entity({ name: 'audit_event' })
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', name: 'district_id' }) districtId: string;
  @Column({ type: 'timestamptz', name: 'occurred_at', default: () => 'now()' }) occurredAt: Date;
  @Column({ type: 'text', name: 'actor_kind' }) actorKind: ActorKind;
  @Column({ type: 'uuid', name: 'actor_id', nullable: true }) actorId: string | null;
  @Column({ type: 'text' }) action: string;
  @Column({ type: 'text', name: 'entity_type' }) entityType: string;
  @Column({ type: 'uuid', name: 'entity_id', nullable: true }) entityId: string | null;
  @Column({ type: 'text', array: true }) fields: string[];
  @Column({ type: 'text', name: 'request_id', nullable: true }) requestId: string | null;
  @Column({ type: 'text', nullable: true }) client: string | null;
}
