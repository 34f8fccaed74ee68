import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { Allow, PeopleOnly } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { decodeId } from '../../graphql/global-id';
import {
  RosterImport,
  RosterImportApplyInput,
  RosterImportChangeConnection,
  RosterImportChangesArgs,
  RosterImportConnection,
  RosterImportIdInput,
  RosterImportPayload,
  RosterImportProblemConnection,
  RosterImportProblemsArgs,
  RosterImportProgress,
  RosterImportsArgs,
  RosterRoleMapping,
  RosterRoleMappingPayload,
  RosterRoleMappingUpdateInput,
  type RosterImportChange,
  type RosterImportProblem,
} from './roster-import.type';
import { rosterImportService } from './roster-import.service';

@Resolver(() => RosterImport)
export class RosterImportResolver {
  @Query(() => RosterImportConnection, {
    description: "The district's OneRoster imports, newest first (district admins; API clients with roster:write).",
  })
  @Allow(Permission.STAFF_MANAGE)
  rosterImports(
    @Ctx() ctx: RequestContext,
    @Args(() => RosterImportsArgs) args: RosterImportsArgs,
  ): Promise<Page<RosterImport>> {
    return rosterImportService.list(ctx, args);
  }

  @Query(() => RosterImport, { description: 'One OneRoster import: its status, dry run and problems.' })
  @Allow(Permission.STAFF_MANAGE)
  rosterImport(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<RosterImport> {
    return rosterImportService.get(ctx, decodeId(id, 'RosterImport'));
  }

  @FieldResolver(() => RosterImportProblemConnection, {
    description: 'Every problem found, in file order (ERRORs block the import; WARNINGs say what was held back).',
  })
  problems(
    @Ctx() ctx: RequestContext,
    @Root() root: RosterImport,
    @Args(() => RosterImportProblemsArgs) args: RosterImportProblemsArgs,
  ): Promise<Page<RosterImportProblem>> {
    return rosterImportService.problems(ctx, root.importId, args, args.severity);
  }

  @FieldResolver(() => RosterImportChangeConnection, {
    description:
      'Every change the plan makes (the dry run) or made (applied), in plan order: schools, then staff with their roles, then leavers. Filter by entity or action.',
  })
  changes(
    @Ctx() ctx: RequestContext,
    @Root() root: RosterImport,
    @Args(() => RosterImportChangesArgs) args: RosterImportChangesArgs,
  ): Promise<Page<RosterImportChange>> {
    return rosterImportService.changes(ctx, root.importId, args);
  }

  @FieldResolver(() => RosterImportProgress, {
    nullable: true,
    description: 'While applying (and after): how many of the changes are applied ("N of M"); null before applying.',
  })
  progress(@Ctx() ctx: RequestContext, @Root() root: RosterImport): Promise<RosterImportProgress | null> {
    return rosterImportService.progress(ctx, root.importId);
  }

  @Query(() => RosterRoleMapping, {
    description: 'Which Throughline role each OneRoster role gives, at a school and at the district.',
  })
  @Allow(Permission.STAFF_MANAGE)
  rosterRoleMapping(@Ctx() ctx: RequestContext): Promise<RosterRoleMapping> {
    return rosterImportService.roleMapping(ctx);
  }

  @Mutation(() => RosterRoleMappingPayload, {
    description: 'District admins: changes rules of the role mapping (the next dry run and apply use it).',
  })
  @Allow(Permission.DISTRICT_SETTINGS_MANAGE)
  @PeopleOnly()
  async rosterRoleMappingUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RosterRoleMappingUpdateInput) input: RosterRoleMappingUpdateInput,
  ): Promise<RosterRoleMappingPayload> {
    return { rosterRoleMapping: await rosterImportService.updateRoleMapping(ctx, input) };
  }

  @Mutation(() => RosterImportPayload, {
    description: 'Applies an import whose preview is ready: the job queue carries it out in one transaction.',
  })
  @Allow(Permission.STAFF_MANAGE)
  async rosterImportApply(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RosterImportApplyInput) input: RosterImportApplyInput,
  ): Promise<RosterImportPayload> {
    return {
      rosterImport: await rosterImportService.apply(ctx, decodeId(input.id, 'RosterImport'), input.version),
    };
  }

  @Mutation(() => RosterImportPayload, { description: 'Discards an import that was not applied; its file is deleted.' })
  @Allow(Permission.STAFF_MANAGE)
  async rosterImportDiscard(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RosterImportIdInput) input: RosterImportIdInput,
  ): Promise<RosterImportPayload> {
    return { rosterImport: await rosterImportService.discard(ctx, decodeId(input.id, 'RosterImport')) };
  }
}
