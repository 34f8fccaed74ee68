import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.type';
import { ConnectionType, PageArgs } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { Role } from '@throughline/shared';
import {
  RosterImportStatus,
  type RosterImportChangeEntity,
  type RosterImportEntity,
  type RosterImportProblemEntity,
} from './roster-import.entity';
import { EMPTY_COUNTS, PlanAction, PlanEntity, type RosterCounts } from './plan';
import { DEFAULT_MAPPING, RosterOrgType, type StoredMapping } from './role-mapping';

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

registerEnumType(PlanEntity, {
  name: 'RosterChangeEntity',
  description:
    "What a change of an import is about: a school, a staff member, a role assignment, or a leaver's conversation, action or strategy (HANDOVER).",
});
registerEnumType(PlanAction, {
  name: 'RosterChangeAction',
  description:
    'Schools: CREATE, UPDATE, CLOSE. Staff: CREATE, UPDATE, DEACTIVATE, or HOLD (a leaver kept active: a district admin or the person applying). Role assignments: ADD, END. Conversations, actions and strategies: HANDOVER (a deactivated leaver still facilitates or owns it: it needs a new owner).',
});
registerEnumType(RosterOrgType, {
  name: 'RosterOrgType',
  description: 'The kind of OneRoster org a role is held at: a school, or the district.',
});

@ObjectType('RosterImportChange', { description: 'One change of an import: the dry run lists them all, page by page.' })
export class RosterImportChange {
  @Field(() => ID) id: string;
  @Field(() => PlanEntity) entity: PlanEntity;
  @Field(() => PlanAction) action: PlanAction;
  @Field(() => String, { nullable: true, description: 'The roster id (sourcedId) of the school or person.' })
  sourcedId: string | null;
  @Field(() => String, {
    description:
      "The school's name, the person's name and email, a conversation's or strategy's title, or an action's due date.",
  })
  name: string;
  @Field(() => String, {
    nullable: true,
    description:
      'The fields an update changes, the role and school of an assignment, why a leaver is kept, or who leaves work to hand over.',
  })
  detail: string | null;
  @Field(() => String, { nullable: true, description: 'The file the change comes from (null: from what it lacks).' })
  file: string | null;
  @Field(() => Int, { nullable: true }) line: number | null;
  @Field(() => ID, {
    nullable: true,
    description:
      'HANDOVER: the LearningConversation, ActionItem or ImprovementStrategy that needs a new owner (give it one there).',
  })
  targetId: string | null;

  static from(e: RosterImportChangeEntity): RosterImportChange {
    return Object.assign(new RosterImportChange(), {
      id: toGlobalId('RosterImportChange', e.id),
      entity: e.entity,
      action: e.action,
      sourcedId: e.sourcedId,
      name: e.name,
      detail: e.detail,
      file: e.file,
      line: e.line,
      targetId: e.targetId ? toGlobalId(TARGET_TYPE[e.entity] ?? 'Unknown', e.targetId) : null,
    });
  }
}

/** The node type of a HANDOVER change's target. */
const TARGET_TYPE: Partial<Record<PlanEntity, string>> = {
  CONVERSATION: 'LearningConversation',
  ACTION: 'ActionItem',
  STRATEGY: 'ImprovementStrategy',
};

export const RosterImportChangeConnection = ConnectionType(RosterImportChange, 'RosterImportChange');

@ArgsType()
export class RosterImportChangesArgs extends PageArgs {
  @Field(() => PlanEntity, { nullable: true }) entity?: PlanEntity | null;
  @Field(() => PlanAction, { nullable: true }) action?: PlanAction | null;
}

@ObjectType('RosterRoleRule', { description: 'What one OneRoster role gives at one kind of org.' })
export class RosterRoleRule {
  @Field(() => String, { description: 'The OneRoster role (teacher, principal, aide, …).' }) oneRosterRole: string;
  @Field(() => RosterOrgType) orgType: RosterOrgType;
  @Field(() => Role, { nullable: true, description: 'The Throughline role it gives; null: none.' })
  role: Role | null;
  @Field(() => Role, { nullable: true, description: 'What it gives by default.' }) defaultRole: Role | null;
}

@ObjectType('RosterRoleMapping', {
  description: "The district's mapping of OneRoster roles to Throughline roles, used by every import and export.",
})
export class RosterRoleMapping {
  @Field(() => [RosterRoleRule]) rules: RosterRoleRule[];
  @Field(() => Int, { description: 'Pass back to rosterRoleMappingUpdate (0: never changed, the defaults).' })
  version: number;
  @Field(() => Date, { nullable: true }) updatedAt: Date | null;

  static from(stored: StoredMapping): RosterRoleMapping {
    return Object.assign(new RosterRoleMapping(), {
      rules: stored.mapping.rules.map((r) =>
        Object.assign(new RosterRoleRule(), {
          ...r,
          defaultRole: DEFAULT_MAPPING.roleFor(r.oneRosterRole, r.orgType),
        }),
      ),
      version: stored.version,
      updatedAt: stored.updatedAt,
    });
  }
}

@InputType()
export class RosterRoleRuleInput {
  @Field(() => String) oneRosterRole: string;
  @Field(() => RosterOrgType) orgType: RosterOrgType;
  @Field(() => Role, { nullable: true, description: 'null or absent: the role gives nothing at that kind of org.' })
  role?: Role | null;
}

@InputType()
export class RosterRoleMappingUpdateInput {
  @Field(() => Int, { description: 'The version you read; a stale one is a CONFLICT.' }) version: number;
  @Field(() => [RosterRoleRuleInput], { description: 'The rules to change; the others keep their value.' })
  rules: RosterRoleRuleInput[];
}

@ObjectType()
export class RosterRoleMappingPayload {
  @Field(() => RosterRoleMapping) rosterRoleMapping: RosterRoleMapping;
}

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
    description:
      'People the file would deactivate who are district admins or the person applying: reported, kept active.',
  })
  staffDeactivationsHeld: number;
  @Field(() => Int, {
    description:
      'Active conversations, open actions and open strategies of the people deactivated: flagged for a new owner (changes with action HANDOVER).',
  })
  workToHandOver: number;
  @Field(() => Int) roleAssignmentsAdded: number;
  @Field(() => Int) roleAssignmentsEnded: number;
  @Field(() => Int, { description: 'Students, parents, guardians, relatives: not staff, not imported.' })
  usersSkipped: number;

  static from(c: RosterCounts | null): RosterImportCounts | null {
    return c ? Object.assign(new RosterImportCounts(), EMPTY_COUNTS, c) : null;
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
  @Field(() => Boolean, {
    description: 'A bulk file also deactivates people and closes schools that did not come from a roster.',
  })
  includeUnrostered: boolean;
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
      includeUnrostered: e.includeUnrostered,
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

@ObjectType('RosterImportProgress', { description: 'How far applying an import has got.' })
export class RosterImportProgress {
  @Field(() => Int, { description: 'Changes applied so far (updated batch by batch).' }) applied: number;
  @Field(() => Int, { description: 'Changes to apply in all.' }) total: number;
  @Field(() => Date) updatedAt: Date;
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
