import { Chip, Stack, Typography } from '@mui/material';
import { createContext, useContext } from 'react';
import { useRecordContext, useTranslate } from 'react-admin';
import { auditSentence, entityLabel, fieldLabel, recordNameText, type RecordName, type Translate } from './auditLabels';

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
export const RecordNamesContext = createContext<Record<string, RecordName>>({});

/** Who acted, in words: a person by name, the platform operator, an integration, or the system itself. */
export function actorName(r: AuditRecord, translate: Translate): string {
  if (r.actor) return r.actor.displayName;
  return translate(
    r.actorKind === 'OPERATOR'
      ? 'tl.audit.actors.operator'
      : r.actorKind === 'SYSTEM'
        ? 'tl.audit.actors.system'
        : 'tl.audit.actors.someone',
  );
}

/** Who acted: a person by name, the platform operator, or the system itself (seeding, scheduled work). */
export function ActorField(_props: { label?: string }) {
  const r = useRecordContext<AuditRecord>();
  const translate = useTranslate();
  if (!r) return null;
  if (r.actor) return <>{r.actor.displayName}</>;
  const who = translate(
    r.actorKind === 'OPERATOR'
      ? 'tl.audit.actors.operator_short'
      : r.actorKind === 'SYSTEM'
        ? 'tl.audit.actors.system_short'
        : 'tl.audit.actors.someone',
  );
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
  const translate = useTranslate();
  if (!r) return null;
  return <>{auditSentence(r.action, actorName(r, translate), r.entityId ? names[r.entityId] : undefined, translate)}</>;
}

/** The record acted on: its type, and its name when the reader may still see it. */
export function RecordField(_props: { label?: string }) {
  const r = useRecordContext<AuditRecord>();
  const names = useContext(RecordNamesContext);
  const translate = useTranslate();
  if (!r) return null;
  const named = r.entityId ? names[r.entityId] : undefined;
  const name = named ? recordNameText(named, translate) : undefined;
  const kind = entityLabel(r.entityType, translate);
  return (
    <>
      <Typography variant="body2" component="div">
        {name ?? kind}
      </Typography>
      {name && (
        <Typography variant="caption" color="text.secondary">
          {kind}
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
