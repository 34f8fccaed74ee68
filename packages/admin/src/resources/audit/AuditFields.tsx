import { Chip, Stack, Typography } from '@mui/material';
import { createContext, useContext } from 'react';
import { useRecordContext } from 'react-admin';
import { ENTITY_LABELS, auditSentence, fieldLabel } from './auditLabels';

export interface AuditRecord {
  id: string;
  occurredAt: string;
  actorKind: 'STAFF' | 'OPERATOR' | 'SYSTEM';
  actor: { id: string; displayName: string } | null;
  action: string;
  entityType: string;
  entityId: string | null;
  fields: string[];
  client: string | null;
}

/** Names of the records on the current page, looked up once for the page (see useRecordNames). */
export const RecordNamesContext = createContext<Record<string, string>>({});

/** Who acted, in words: a person by name, the platform operator, an integration, or the system itself. */
export function actorName(r: AuditRecord): string {
  if (r.actor) return r.actor.displayName;
  return r.actorKind === 'OPERATOR' ? 'The platform operator' : r.actorKind === 'SYSTEM' ? 'The system' : 'Someone';
}

/** Who acted: a person by name, the platform operator, or the system itself (seeding, scheduled work). */
export function ActorField(_props: { label?: string }) {
  const r = useRecordContext<AuditRecord>();
  if (!r) return null;
  if (r.actor) return <>{r.actor.displayName}</>;
  const who = r.actorKind === 'OPERATOR' ? 'Platform operator' : r.actorKind === 'SYSTEM' ? 'System' : 'Someone';
  return (
    <Typography variant="body2" color="text.secondary" component="span">
      {who}
    </Typography>
  );
}

/** What happened, as a sentence naming the person who acted and the record (by name where the reader may see it). */
export function ActionField(_props: { label?: string }) {
  const r = useRecordContext<AuditRecord>();
  const names = useContext(RecordNamesContext);
  if (!r) return null;
  return <>{auditSentence(r.action, r.entityType, actorName(r), r.entityId ? names[r.entityId] : undefined)}</>;
}

/** The record acted on: its type, and its name when the reader may still see it. */
export function RecordField(_props: { label?: string }) {
  const r = useRecordContext<AuditRecord>();
  const names = useContext(RecordNamesContext);
  if (!r) return null;
  const name = r.entityId ? names[r.entityId] : undefined;
  return (
    <>
      <Typography variant="body2" component="div">
        {name ?? ENTITY_LABELS[r.entityType] ?? r.entityType}
      </Typography>
      {name && (
        <Typography variant="caption" color="text.secondary">
          {ENTITY_LABELS[r.entityType] ?? r.entityType}
        </Typography>
      )}
    </>
  );
}

/** Which fields were set or changed. The log never holds their values, so neither does the screen. */
export function ChangedFieldsField(_props: { label?: string }) {
  const r = useRecordContext<AuditRecord>();
  if (!r) return null;
  if (!r.fields.length) return null;
  return (
    <Stack direction="row" useFlexGap sx={{ flexWrap: 'wrap', gap: 0.5 }}>
      {r.fields.map((f) => (
        <Chip key={f} size="small" variant="outlined" label={fieldLabel(f)} />
      ))}
    </Stack>
  );
}
