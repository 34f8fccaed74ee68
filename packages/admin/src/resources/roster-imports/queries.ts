/** The GraphQL documents of the roster import page (the API: rosterImports, rosterImport, apply, discard). */

export const COUNT_FIELDS = `schoolsCreated schoolsUpdated schoolsClosed schoolsUnchanged staffCreated staffUpdated
  staffDeactivated staffUnchanged staffDeactivationsHeld workToHandOver roleAssignmentsAdded roleAssignmentsEnded usersSkipped`;

export const IMPORTS_QUERY = `query RosterImports { rosterImports(first: 20) { nodes {
  id status fileName byteSize createdAt errorCount warningCount } } }`;

export const IMPORT_QUERY = `query RosterImport($id: ID!, $after: String) { rosterImport(id: $id) {
  id status version fileName byteSize grantDistrictAdmin includeUnrostered errorCount warningCount failure createdAt validatedAt appliedAt
  preview { ${COUNT_FIELDS} } applied { ${COUNT_FIELDS} } progress { applied total }
  problems(first: 50, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    nodes { id severity file line field message } } } }`;

export const CHANGES_QUERY = `query RosterImportChanges($id: ID!, $after: String, $entity: RosterChangeEntity, $action: RosterChangeAction) {
  rosterImport(id: $id) { id changes(first: 25, after: $after, entity: $entity, action: $action) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id entity action sourcedId name detail file line targetId } } } }`;

export const MAPPING_QUERY = `query RosterRoleMapping { rosterRoleMapping { version updatedAt
  rules { oneRosterRole orgType role defaultRole } } }`;
export const MAPPING_UPDATE = `mutation RosterRoleMappingUpdate($i: RosterRoleMappingUpdateInput!) {
  rosterRoleMappingUpdate(input: $i) { rosterRoleMapping { version } } }`;

export const APPLY = `mutation RosterImportApply($i: RosterImportApplyInput!) { rosterImportApply(input: $i) { rosterImport { id status } } }`;
export const DISCARD = `mutation RosterImportDiscard($i: RosterImportIdInput!) { rosterImportDiscard(input: $i) { rosterImport { id status } } }`;

export type ImportStatus =
  'UPLOADED' | 'VALIDATING' | 'PREVIEW_READY' | 'APPLYING' | 'APPLIED' | 'FAILED' | 'DISCARDED';

export interface Counts {
  schoolsCreated: number;
  schoolsUpdated: number;
  schoolsClosed: number;
  schoolsUnchanged: number;
  staffCreated: number;
  staffUpdated: number;
  staffDeactivated: number;
  staffUnchanged: number;
  staffDeactivationsHeld: number;
  workToHandOver: number;
  roleAssignmentsAdded: number;
  roleAssignmentsEnded: number;
  usersSkipped: number;
}

export interface ImportSummary {
  id: string;
  status: ImportStatus;
  fileName: string | null;
  byteSize: number;
  createdAt: string;
  errorCount: number;
  warningCount: number;
}

export interface Problem {
  id: string;
  severity: 'ERROR' | 'WARNING';
  file: string | null;
  line: number | null;
  field: string | null;
  message: string;
}

export type ChangeEntity = 'SCHOOL' | 'STAFF' | 'ROLE_ASSIGNMENT' | 'CONVERSATION' | 'ACTION' | 'STRATEGY';
export type ChangeAction = 'CREATE' | 'UPDATE' | 'CLOSE' | 'DEACTIVATE' | 'HOLD' | 'ADD' | 'END' | 'HANDOVER';

export interface Change {
  id: string;
  entity: ChangeEntity;
  action: ChangeAction;
  sourcedId: string | null;
  name: string;
  detail: string | null;
  file: string | null;
  line: number | null;
  /** HANDOVER: the conversation, action or strategy that needs a new owner. */
  targetId: string | null;
}

export interface ChangePage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Change[];
}

/** The labels below are message keys (tl.rosterImports.*): components translate them. */
export const ENTITY_LABELS: Record<ChangeEntity, string> = {
  SCHOOL: 'tl.rosterImports.entities.SCHOOL',
  STAFF: 'tl.rosterImports.entities.STAFF',
  ROLE_ASSIGNMENT: 'tl.rosterImports.entities.ROLE_ASSIGNMENT',
  CONVERSATION: 'tl.rosterImports.entities.CONVERSATION',
  ACTION: 'tl.rosterImports.entities.ACTION',
  STRATEGY: 'tl.rosterImports.entities.STRATEGY',
};

/** Where a HANDOVER change's record is given a new owner: the conversation's or strategy's form, the action's page. */
export const HANDOVER_TARGETS: Partial<Record<ChangeEntity, { resource: string; type: 'edit' | 'show' }>> = {
  CONVERSATION: { resource: 'conversations', type: 'edit' },
  ACTION: { resource: 'actions', type: 'show' },
  STRATEGY: { resource: 'strategies', type: 'edit' },
};

export const ACTION_LABELS: Record<ChangeAction, string> = {
  CREATE: 'tl.rosterImports.actions.CREATE',
  UPDATE: 'tl.rosterImports.actions.UPDATE',
  CLOSE: 'tl.rosterImports.actions.CLOSE',
  DEACTIVATE: 'tl.rosterImports.actions.DEACTIVATE',
  HOLD: 'tl.rosterImports.actions.HOLD',
  ADD: 'tl.rosterImports.actions.ADD',
  END: 'tl.rosterImports.actions.END',
  HANDOVER: 'tl.rosterImports.actions.HANDOVER',
};

export type OrgType = 'SCHOOL' | 'DISTRICT';
export type ThroughlineRole = 'DISTRICT_ADMIN' | 'SCHOOL_LEADER' | 'COACH' | 'TEACHER';

export interface RoleRule {
  oneRosterRole: string;
  orgType: OrgType;
  role: ThroughlineRole | null;
  defaultRole: ThroughlineRole | null;
}

/** What a OneRoster role may give at each kind of org (the API refuses anything else). */
export const TARGETS: Record<OrgType, ThroughlineRole[]> = {
  SCHOOL: ['TEACHER', 'SCHOOL_LEADER', 'COACH'],
  DISTRICT: ['DISTRICT_ADMIN'],
};

export const ROLE_LABELS: Record<ThroughlineRole, string> = {
  DISTRICT_ADMIN: 'tl.rosterImports.roles.DISTRICT_ADMIN',
  SCHOOL_LEADER: 'tl.rosterImports.roles.SCHOOL_LEADER',
  COACH: 'tl.rosterImports.roles.COACH',
  TEACHER: 'tl.rosterImports.roles.TEACHER',
};

export interface ImportDetail extends ImportSummary {
  version: number;
  grantDistrictAdmin: boolean;
  includeUnrostered: boolean;
  failure: string | null;
  validatedAt: string | null;
  appliedAt: string | null;
  preview: Counts | null;
  applied: Counts | null;
  /** While applying: how many of the changes are done. */
  progress: { applied: number; total: number } | null;
  problems: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Problem[] };
}

/** Statuses the job queue is still working on: the page keeps asking. */
export const BUSY: ImportStatus[] = ['UPLOADED', 'VALIDATING', 'APPLYING'];

export const STATUS_LABELS: Record<ImportStatus, string> = {
  UPLOADED: 'tl.rosterImports.statuses.UPLOADED',
  VALIDATING: 'tl.rosterImports.statuses.VALIDATING',
  PREVIEW_READY: 'tl.rosterImports.statuses.PREVIEW_READY',
  APPLYING: 'tl.rosterImports.statuses.APPLYING',
  APPLIED: 'tl.rosterImports.statuses.APPLIED',
  FAILED: 'tl.rosterImports.statuses.FAILED',
  DISCARDED: 'tl.rosterImports.statuses.DISCARDED',
};
