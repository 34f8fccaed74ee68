/** The GraphQL documents of the roster import page (the API: rosterImports, rosterImport, apply, discard). */

export const COUNT_FIELDS = `schoolsCreated schoolsUpdated schoolsClosed schoolsUnchanged staffCreated staffUpdated
  staffDeactivated staffUnchanged staffDeactivationsHeld roleAssignmentsAdded roleAssignmentsEnded usersSkipped`;

export const IMPORTS_QUERY = `query RosterImports { rosterImports(first: 20) { nodes {
  id status fileName byteSize createdAt errorCount warningCount } } }`;

export const IMPORT_QUERY = `query RosterImport($id: ID!, $after: String) { rosterImport(id: $id) {
  id status version fileName byteSize grantDistrictAdmin errorCount warningCount failure createdAt validatedAt appliedAt
  preview { ${COUNT_FIELDS} } applied { ${COUNT_FIELDS} }
  problems(first: 50, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    nodes { id severity file line field message } } } }`;

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

export interface ImportDetail extends ImportSummary {
  version: number;
  grantDistrictAdmin: boolean;
  failure: string | null;
  validatedAt: string | null;
  appliedAt: string | null;
  preview: Counts | null;
  applied: Counts | null;
  problems: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Problem[] };
}

/** Statuses the job queue is still working on: the page keeps asking. */
export const BUSY: ImportStatus[] = ['UPLOADED', 'VALIDATING', 'APPLYING'];

export const STATUS_LABELS: Record<ImportStatus, string> = {
  UPLOADED: 'Waiting to be checked',
  VALIDATING: 'Checking',
  PREVIEW_READY: 'Preview ready',
  APPLYING: 'Applying',
  APPLIED: 'Applied',
  FAILED: 'Refused',
  DISCARDED: 'Discarded',
};
