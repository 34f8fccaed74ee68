import type { RaRecord } from 'react-admin';
import { col, csvExporter } from './csv';

/*
 * Each list's CSV columns, named one by one (common/csv.ts): what the list shows and what a spreadsheet needs (names
 * rather than ids), never the confidential text of a session, whoever exports it.
 */

type R = RaRecord & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const name = (o: { displayName?: string; name?: string; title?: string } | null | undefined) =>
  o?.displayName ?? o?.name ?? o?.title ?? '';

export const districtsCsv = csvExporter<R>('districts', [
  col('Name', (r) => r.name),
  col('Slug', (r) => r.slug),
  col('Time zone', (r) => r.timezone),
  col('Status', (r) => r.status),
  col('Created', (r) => r.createdAt),
]);

export const schoolsCsv = csvExporter<R>('schools', [
  col('Name', (r) => r.name),
  col('Code', (r) => r.code),
  col('Lowest grade', (r) => r.gradeLow),
  col('Highest grade', (r) => r.gradeHigh),
  col('Status', (r) => r.status),
]);

export const staffCsv = csvExporter<R>('staff', [
  col('Name', (r) => r.displayName),
  col('Given name', (r) => r.givenName),
  col('Family name', (r) => r.familyName),
  col('Email', (r) => r.email),
  col('Title', (r) => r.title),
  col('Roster id', (r) => r.rosterId),
  col('Active', (r) => (r.active ? 'yes' : 'no')),
  col('Roles', (r) =>
    ((r.roleAssignments ?? []) as { role: string; school: { name: string } | null }[]).map(
      (a) => `${a.role}${a.school ? ` at ${a.school.name}` : ' (district)'}`,
    ),
  ),
]);

export const strategiesCsv = csvExporter<R>('strategies', [
  col('Title', (r) => r.title),
  col('Goal', (r) => r.goal),
  col('Kind', (r) => r.kind),
  col('Status', (r) => r.status),
  col('School', (r) => (r.districtWide ? 'District-wide' : name(r.school))),
  col('Owner', (r) => name(r.owner)),
  col('Starts', (r) => r.startsOn),
  col('Ends', (r) => r.endsOn),
  col('Success measures', (r) => r.successMeasures),
  col('Conversations', (r) =>
    ((r.mappings ?? []) as { conversation: { title: string } | null }[]).map((m) => name(m.conversation)),
  ),
]);

export const conversationsCsv = csvExporter<R>('conversations', [
  col('Title', (r) => r.title),
  col('Type', (r) => r.type),
  col('School', (r) => name(r.school) || 'District-wide'),
  col('Facilitator', (r) => name(r.facilitator)),
  col('Cadence', (r) => r.cadenceDescription),
  col('Minutes', (r) => r.durationMinutes),
  col('Setting', (r) => r.setting),
  col('Confidentiality', (r) => r.confidentiality),
  col('Scheduled until', (r) => r.scheduleUntil),
  col('Active', (r) => (r.active ? 'yes' : 'no')),
]);

/** Sessions: when, what, who and how it went; never the notes or check-in/out lines. */
export const sessionsCsv = csvExporter<R>('sessions', [
  col('Scheduled', (r) => r.scheduledAt),
  col('Conversation', (r) => name(r.conversation)),
  col('School', (r) => name(r.conversation?.school) || 'District-wide'),
  col('Facilitator', (r) => name(r.conversation?.facilitator)),
  col('State', (r) => r.state),
  col('Held at', (r) => r.heldAt),
  col('Minutes', (r) => r.durationMinutes),
  col('Attendees', (r) => ((r.attendees ?? []) as { displayName: string }[]).length),
  col('Cancel reason', (r) => r.cancelReason),
]);

export const actionsCsv = csvExporter<R>('actions', [
  col('Action', (r) => r.description),
  col('Owner', (r) => name(r.owner)),
  col('Due', (r) => r.dueOn),
  col('Status', (r) => r.status),
  col('Overdue', (r) => (r.overdue ? 'yes' : 'no')),
  col('Completed', (r) => r.completedOn),
  col('Practice change', (r) => r.practiceChangeStatus),
  col('Conversation', (r) => name(r.session?.conversation)),
  col('Session', (r) => r.session?.scheduledAt),
]);

export const auditCsv = csvExporter<R>('audit-log', [
  col('When', (r) => r.occurredAt),
  col('Who', (r) => name(r.actor) || r.client || r.actorKind),
  col('Action', (r) => r.action),
  col('Record type', (r) => r.entityType),
  col('Fields changed', (r) => r.fields),
]);

export const apiClientsCsv = csvExporter<R>('api-clients', [
  col('Name', (r) => r.name),
  col('Client id', (r) => r.clientId),
  col('Scopes', (r) => r.scopes),
  col('Active', (r) => (r.active ? 'yes' : 'no')),
  col('Created', (r) => r.createdAt),
  col('Last used', (r) => r.lastUsedAt),
  col('Revoked', (r) => r.revokedAt),
]);

/** A district library: its text fields, in the list's order. */
export function libraryCsv(resource: string, fields: { source: string; label: string }[]) {
  return csvExporter<R>(resource, [
    ...fields.map((f) => col<R>(f.label, (r) => r[f.source])),
    col('Active', (r) => (r.active ? 'yes' : 'no')),
  ]);
}
