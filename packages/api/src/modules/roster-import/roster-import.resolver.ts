import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { decodeId } from '../../graphql/global-id';
import {
  RosterImport,
  RosterImportApplyInput,
  RosterImportConnection,
  RosterImportIdInput,
  RosterImportPayload,
  RosterImportProblemConnection,
  RosterImportProblemsArgs,
  RosterImportsArgs,
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
