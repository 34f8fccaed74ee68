import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { Allow } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { decodeId, NO_SUCH_ID } from '../../graphql/global-id';
import { exportService, linkKey, signLink } from './export.service';
import { EXPORT_PATH } from './export-route';
import { disposalService } from './disposal.service';
import { retentionService } from './retention.service';
import {
  DisposalCertificate,
  DistrictDisposal,
  DistrictDisposalCancelInput,
  DistrictDisposalPayload,
  DistrictDisposalRequestInput,
  DistrictDisposalScheduleInput,
  DistrictExport,
  DistrictExportPayload,
  DistrictExportStartInput,
  RetentionRun,
  RetentionSettings,
  RetentionSettingsPayload,
  RetentionSettingsUpdateInput,
} from './privacy.types';
import type { ExportRow } from './export.service';

/** The district an operator names (a malformed id names no district: NOT_FOUND). */
function decodeDistrict(id: string | null | undefined): string | null {
  return id ? decodeId(id, 'District') : null;
}

const rows = new WeakMap<DistrictExport, ExportRow>();

function exportOf(row: ExportRow): DistrictExport {
  const out = DistrictExport.from(row);
  rows.set(out, row);
  return out;
}

@Resolver(() => DistrictExport)
export class DistrictExportResolver {
  @Mutation(() => DistrictExportPayload, {
    description:
      'Starts an export of the whole district (one at a time: CONFLICT while one runs). A district admin exports their own; the operator names it.',
  })
  @Allow(Permission.DISTRICT_EXPORT)
  async districtExportStart(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DistrictExportStartInput) input: DistrictExportStartInput,
  ): Promise<DistrictExportPayload> {
    return { export: exportOf(await exportService.start(ctx, decodeDistrict(input.districtId))) };
  }

  @Query(() => [DistrictExport], { description: "The district's latest exports (at most 20), newest first." })
  @Allow(Permission.DISTRICT_EXPORT)
  async districtExports(
    @Ctx() ctx: RequestContext,
    @Arg('districtId', () => ID, { nullable: true, description: 'The operator names the district.' })
    districtId?: string | null,
  ): Promise<DistrictExport[]> {
    return (await exportService.list(ctx, decodeDistrict(districtId))).map(exportOf);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'A signed link to the archive (GET, no token needed), for the one who asked for it, until the export expires; null otherwise. Each download is audited.',
  })
  async downloadUrl(@Ctx() ctx: RequestContext, @Root() e: DistrictExport): Promise<string | null> {
    const row = rows.get(e);
    if (!row || row.status !== 'COMPLETED' || !row.expires_at || row.expires_at.getTime() <= Date.now()) return null;
    if (!exportService.isRequester(ctx, row)) return null;
    const key = await linkKey((await managerOf(ctx)).connection, ctx.deps.sso?.secretsKey);
    const token = signLink(key, row.id, row.district_id, row.expires_at);
    return `${ctx.deps.sso?.publicUrl ?? ''}${EXPORT_PATH}/${row.id}?token=${encodeURIComponent(token)}`;
  }
}

@Resolver()
export class PrivacyResolver {
  @Mutation(() => DistrictDisposalPayload, {
    description:
      "A district admin asks for the district's data to be disposed of, typing its slug to confirm; the operator schedules it.",
  })
  @Allow(Permission.DISTRICT_DISPOSAL_REQUEST)
  async districtDisposalRequest(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DistrictDisposalRequestInput) input: DistrictDisposalRequestInput,
  ): Promise<DistrictDisposalPayload> {
    return { disposal: DistrictDisposal.from(await disposalService.request(ctx, input.confirmSlug)) };
  }

  @Mutation(() => DistrictDisposalPayload, {
    description:
      'The operator schedules a requested disposal after a grace period (default 30 days), cancellable until then.',
  })
  @Allow(Permission.DISTRICT_DISPOSAL_MANAGE)
  async districtDisposalSchedule(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DistrictDisposalScheduleInput) input: DistrictDisposalScheduleInput,
  ): Promise<DistrictDisposalPayload> {
    const id = decodeId(input.id, 'DistrictDisposal');
    return { disposal: DistrictDisposal.from(await disposalService.schedule(ctx, id, input.graceDays)) };
  }

  @Mutation(() => DistrictDisposalPayload, {
    description: 'Cancels a disposal not yet carried out (operator or district admin).',
  })
  @Allow(Permission.DISTRICT_DISPOSAL_MANAGE, Permission.DISTRICT_DISPOSAL_REQUEST)
  async districtDisposalCancel(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DistrictDisposalCancelInput) input: DistrictDisposalCancelInput,
  ): Promise<DistrictDisposalPayload> {
    const id = decodeId(input.id, 'DistrictDisposal');
    return { disposal: DistrictDisposal.from(await disposalService.cancel(ctx, id ?? NO_SUCH_ID)) };
  }

  @Query(() => [DistrictDisposal], { description: "Disposals: the operator's all, a district admin's their own." })
  @Allow(Permission.DISTRICT_DISPOSAL_MANAGE, Permission.DISTRICT_DISPOSAL_REQUEST)
  async districtDisposals(@Ctx() ctx: RequestContext): Promise<DistrictDisposal[]> {
    return (await disposalService.list(ctx)).map(DistrictDisposal.from);
  }

  @Query(() => [DisposalCertificate], { description: 'Certificates of disposal (operators only), newest first.' })
  @Allow(Permission.DISTRICT_DISPOSAL_MANAGE)
  async disposalCertificates(@Ctx() ctx: RequestContext): Promise<DisposalCertificate[]> {
    return (await disposalService.certificates(ctx)).map(DisposalCertificate.from);
  }

  @Query(() => RetentionSettings, { description: 'How long the district keeps personal data.' })
  @Allow(Permission.DISTRICT_READ)
  async retentionSettings(@Ctx() ctx: RequestContext): Promise<RetentionSettings> {
    return RetentionSettings.from(await retentionService.get(ctx));
  }

  @Mutation(() => RetentionSettingsPayload, {
    description: 'Sets the retention limits (1-50 years each, or null for none); applied by a daily job.',
  })
  @Allow(Permission.DISTRICT_SETTINGS_MANAGE)
  async retentionSettingsUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RetentionSettingsUpdateInput) input: RetentionSettingsUpdateInput,
  ): Promise<RetentionSettingsPayload> {
    return { retentionSettings: RetentionSettings.from(await retentionService.update(ctx, input)) };
  }

  @Query(() => [RetentionRun], { description: 'What the latest retention runs did, newest first.' })
  @Allow(Permission.DISTRICT_SETTINGS_MANAGE)
  async retentionRuns(
    @Ctx() ctx: RequestContext,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit: number,
  ): Promise<RetentionRun[]> {
    return (await retentionService.runs(ctx, limit)).map(RetentionRun.from);
  }
}
