import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.type';
import { ConnectionType, PageArgs } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { RosterImportStatus, type RosterImportEntity, type RosterImportProblemEntity } from './roster-import.entity';
import type { RosterCounts } from './plan';

registerEnumType(RosterImportStatus, {
  name: 'RosterImportStatus',
  description:
    'UPLOADED (waiting for the job queue) → VALIDATING → PREVIEW_READY (the dry run: counts and problems) → APPLYING → APPLIED; FAILED (problems, nothing written); DISCARDED.',
});

export const RosterProblemSeverity = { ERROR: 'ERROR', WARNING: 'WARNING' } as const;
export type RosterProblemSeverity = (typeof RosterProblemSeverity)[keyof typeof RosterProblemSeverity];
registerEnumType(RosterProblemSeverity, {
  name: 'RosterProblemSeverity',
  description: 'ERROR: the file cannot be imported. WARNING: imported, but something was left out or held back.',
});

@ObjectType('RosterImportCounts', { description: 'What an import changes (preview) or changed (applied).' })
export class RosterImportCounts {
  @Field(() => Int) schoolsCreated: number;
  @Field(() => Int) schoolsUpdated: number;
  @Field(() => Int) schoolsClosed: number;
  @Field(() => Int) schoolsUnchanged: number;
  @Field(() => Int) staffCreated: number;
  @Field(() => Int) staffUpdated: number;
  @Field(() => Int) staffDeactivated: number;
  @Field(() => Int) staffUnchanged: number;
  @Field(() => Int, {
    description: 'People the file would deactivate who still carry work or are district admins: reported, kept active.',
  })
  staffDeactivationsHeld: number;
  @Field(() => Int) roleAssignmentsAdded: number;
  @Field(() => Int) roleAssignmentsEnded: number;
  @Field(() => Int, { description: 'Students, parents, guardians, relatives: not staff, not imported.' })
  usersSkipped: number;

  static from(c: RosterCounts | null): RosterImportCounts | null {
    return c ? Object.assign(new RosterImportCounts(), c) : null;
  }
}

@ObjectType('RosterImportProblem', { description: 'One problem of an import, where it is in the files.' })
export class RosterImportProblem {
  @Field(() => ID) id: string;
  @Field(() => RosterProblemSeverity) severity: RosterProblemSeverity;
  @Field(() => String, { nullable: true, description: 'The file in the zip (users.csv), or null for the zip.' })
  file: string | null;
  @Field(() => Int, { nullable: true, description: 'The line in that file (1: the header).' }) line: number | null;
  @Field(() => String, { nullable: true, description: 'The column (or manifest property).' }) field: string | null;
  @Field(() => String) message: string;

  static from(e: RosterImportProblemEntity): RosterImportProblem {
    return Object.assign(new RosterImportProblem(), {
      id: toGlobalId('RosterImportProblem', e.id),
      severity: e.severity,
      file: e.file,
      line: e.line,
      field: e.field,
      message: e.message,
    });
  }
}

export const RosterImportProblemConnection = ConnectionType(RosterImportProblem, 'RosterImportProblem');

@ObjectType('RosterImport', {
  implements: Node,
  description: 'A OneRoster CSV zip uploaded to POST /imports/oneroster: its dry run, then applied or discarded.',
})
export class RosterImport extends Node {
  @Field(() => RosterImportStatus) status: RosterImportStatus;
  @Field(() => String, { nullable: true }) fileName: string | null;
  @Field(() => Int) byteSize: number;
  @Field(() => Boolean, { description: 'District-level administrators in the file become district admins.' })
  grantDistrictAdmin: boolean;
  @Field(() => RosterImportCounts, { nullable: true, description: 'The dry run: what applying would change.' })
  preview: RosterImportCounts | null;
  @Field(() => RosterImportCounts, { nullable: true, description: 'What applying changed.' })
  applied: RosterImportCounts | null;
  @Field(() => Int) errorCount: number;
  @Field(() => Int) warningCount: number;
  @Field(() => String, { nullable: true, description: 'Why it failed, in a sentence.' }) failure: string | null;
  @Field(() => Int, { description: 'Pass back to rosterImportApply; a stale one is a CONFLICT.' }) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  @Field(() => Date, { nullable: true }) validatedAt: Date | null;
  @Field(() => Date, { nullable: true }) appliedAt: Date | null;
  /** The domain id, for the problems field. */
  importId: string;

  static from(e: RosterImportEntity): RosterImport {
    return Object.assign(new RosterImport(), {
      id: toGlobalId('RosterImport', e.id),
      importId: e.id,
      status: e.status,
      fileName: e.fileName,
      byteSize: e.byteSize,
      grantDistrictAdmin: e.grantDistrictAdmin,
      preview: RosterImportCounts.from(e.counts),
      applied: RosterImportCounts.from(e.appliedCounts),
      errorCount: e.errorCount,
      warningCount: e.warningCount,
      failure: e.failure,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
      validatedAt: e.validatedAt,
      appliedAt: e.appliedAt,
    });
  }
}

export const RosterImportConnection = ConnectionType(RosterImport, 'RosterImport');

@ArgsType()
export class RosterImportsArgs extends PageArgs {}

@ArgsType()
export class RosterImportProblemsArgs extends PageArgs {
  @Field(() => RosterProblemSeverity, { nullable: true }) severity?: RosterProblemSeverity | null;
}

@InputType()
export class RosterImportApplyInput {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The version you previewed; a stale one is a CONFLICT.' }) version: number;
}

@InputType()
export class RosterImportIdInput {
  @Field(() => ID) id: string;
}

@ObjectType()
export class RosterImportPayload {
  @Field(() => RosterImport) rosterImport: RosterImport;
}
