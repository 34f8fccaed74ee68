import type { ApiModule } from '../../graphql/module';
import { RosterImportChangeEntity, RosterImportEntity, RosterImportProblemEntity } from './roster-import.entity';
import { RosterImportResolver } from './roster-import.resolver';
import { rosterImportService } from './roster-import.service';
import { APPLY_TASK, VALIDATE_TASK, applyImport, validateImport } from './roster-jobs';

/**
 * OneRoster CSV import (docs/oneroster.md): the zip arrives on POST /imports/oneroster (upload-route.ts, mounted by
 * the composition root), is validated into a dry run on the job queue, and applied there once an admin confirms.
 */
export const rosterImportModule: ApiModule = {
  name: 'roster-import',
  resolvers: [RosterImportResolver],
  entities: [RosterImportEntity, RosterImportProblemEntity, RosterImportChangeEntity],
  nodes: { RosterImport: (ctx, id) => rosterImportService.findById(ctx, id) },
  jobs: { tasks: { [VALIDATE_TASK]: validateImport, [APPLY_TASK]: applyImport } },
};
