import type { RequestContext } from '../../graphql/context';
import type { TenantTransaction } from '../../db/transaction';

/** The records whose confidential text is read-audited, by their GraphQL type name. */
export type ConfidentialRecord = 'ConversationSession' | 'Reflection' | 'ActionItem';

/**
 * Records that the platform operator was shown these outbox entries of a district (delivery metadata and bodies,
 * which hold no confidential text by construction, but are the district's): one `confidential_read` row per
 * message, in the transaction that read them (`m`, with the district's claims), so the read and its record commit
 * together. The district's admins see them in the read audit (readerKind OPERATOR).
 */
export async function recordOperatorOutboxRead(
  m: { query(sql: string, params?: unknown[]): Promise<unknown> },
  r: { districtId: string; operatorId: string; requestId: string; messages: { id: string; withBody: boolean }[] },
): Promise<void> {
  if (r.messages.length === 0) return;
  await m.query(
    `INSERT INTO confidential_read (district_id, reader_operator_id, record_type, record_id, field, request_id)
     SELECT $1, $2, 'MailMessage', x.id, x.field, $3 FROM unnest($4::uuid[], $5::text[]) AS x(id, field)`,
    [
      r.districtId,
      r.operatorId,
      r.requestId.slice(0, 100),
      r.messages.map((x) => x.id),
      r.messages.map((x) => (x.withBody ? 'bodyText' : 'delivery')),
    ],
  );
}

interface PendingRead {
  type: ConfidentialRecord;
  id: string;
  field: string;
  /** Whose text it is, when the caller knows; null: resolved in SQL (a session's notes: who last logged it). */
  author: string | null;
}

interface PendingReads {
  districtId: string;
  readerId: string;
  requestId: string;
  reads: Map<string, PendingRead>;
}

const pending = new WeakMap<TenantTransaction, PendingReads>();

/**
 * The author of a session's notes and check-in/out lines: the person who last logged it (its `session.log` audit
 * event), else the conversation's facilitator. `r` is a row of the reads being written (type, id).
 */
const SESSION_AUTHOR_SQL = `
  CASE WHEN r.type = 'ConversationSession' THEN coalesce(
    (SELECT ae.actor_id FROM audit_event ae
      WHERE ae.district_id = $1 AND ae.entity_type = 'ConversationSession' AND ae.entity_id = r.id
        AND ae.action = 'session.log' AND ae.actor_kind = 'STAFF'
      ORDER BY ae.occurred_at DESC LIMIT 1),
    (SELECT c.facilitator_id FROM conversation_session s
       JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
      WHERE s.district_id = $1 AND s.id = r.id)) END`;

/**
 * Records that the caller was given a record's confidential text (never the text itself). Called by the field
 * resolvers that return such text; nothing is written now: the request's reads are collected and written in one
 * INSERT as its transaction ends (db/transaction.ts `atEnd`), reads of one field of one record once. A read by the
 * text's own author is not recorded. Reads of a request that rolls back are recorded all the same: the text may
 * have reached the client in a sibling root field's answer, and an accountability log errs on the side of the
 * reader having read.
 */
export function noteConfidentialRead(
  ctx: RequestContext,
  type: ConfidentialRecord,
  id: string,
  fields: readonly string[],
  author: string | null = null,
): void {
  const p = ctx.principal;
  // Only people read confidential text (clients and operators are given none).
  if (p?.kind !== 'staff') return;
  if (author !== null && author === p.staffMemberId) return;
  let batch = pending.get(ctx.tx);
  if (!batch) {
    const reads: PendingReads = {
      districtId: p.districtId,
      readerId: p.staffMemberId,
      requestId: ctx.requestId,
      reads: new Map(),
    };
    try {
      ctx.tx.atEnd((manager) => writeReads(manager, reads));
    } catch {
      // The transaction has ended: a resolver still running after its operation failed as a whole, whose answer
      // was never sent.
      return;
    }
    batch = reads;
    pending.set(ctx.tx, batch);
  }
  for (const field of fields) batch.reads.set(`${type}:${id}:${field}`, { type, id, field, author });
}

async function writeReads(
  manager: { query(sql: string, params?: unknown[]): Promise<unknown> },
  batch: PendingReads,
): Promise<void> {
  const reads = [...batch.reads.values()];
  if (reads.length === 0) return;
  await manager.query(
    `INSERT INTO confidential_read (district_id, reader_id, author_id, record_type, record_id, field, request_id)
     SELECT $1, $2, x.author, x.type, x.id, x.field, $3
       FROM (SELECT r.type, r.id, r.field, coalesce(r.author, ${SESSION_AUTHOR_SQL}) AS author
               FROM unnest($4::text[], $5::uuid[], $6::text[], $7::uuid[]) AS r(type, id, field, author)) x
      WHERE x.author IS DISTINCT FROM $2`,
    [
      batch.districtId,
      batch.readerId,
      batch.requestId.slice(0, 100),
      reads.map((r) => r.type),
      reads.map((r) => r.id),
      reads.map((r) => r.field),
      reads.map((r) => r.author),
    ],
  );
}
