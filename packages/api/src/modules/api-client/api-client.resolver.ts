import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { ApiClient, ApiClientConnection, ApiClientSecret, ApiClientUsageDay } from './api-client.type';
import {
  ApiClientCreateInput,
  ApiClientPayload,
  ApiClientRevokeInput,
  ApiClientRotateSecretInput,
  ApiClientsArgs,
  ApiClientSecretPayload,
  ApiClientUpdateInput,
} from './api-client.input';
import { apiClientService, type ClientWithSecret } from './api-client.service';
import { USAGE_DAYS_KEPT, USAGE_DAYS_SHOWN } from '../rate-limit/usage';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { decodeId, decodeOptionalId } from '../../graphql/global-id';
import { StaffMember } from '../staff/staff-member.type';
import { staffLoaders } from '../staff/staff-member.loaders';

function withSecret({ client, secret }: ClientWithSecret): ApiClientSecretPayload {
  return { apiClient: client, clientId: client.clientId, clientSecret: secret };
}

@Resolver(() => ApiClient)
export class ApiClientResolver {
  @Query(() => ApiClientConnection, { description: "The district's API clients, newest first (district admins)." })
  @Allow(Permission.API_CLIENT_MANAGE)
  apiClients(@Ctx() ctx: RequestContext, @Args(() => ApiClientsArgs) args: ApiClientsArgs): Promise<Page<ApiClient>> {
    return apiClientService.list(ctx, args, args.filter);
  }

  @Mutation(() => ApiClientSecretPayload, {
    description: 'Creates an API client. Its secret is in this answer only: it is stored as a hash.',
  })
  @Allow(Permission.API_CLIENT_MANAGE)
  async apiClientCreate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ApiClientCreateInput) input: ApiClientCreateInput,
  ): Promise<ApiClientSecretPayload> {
    return withSecret(
      await apiClientService.create(ctx, { ...input, ownerId: decodeOptionalId(input.ownerId, 'StaffMember') }),
    );
  }

  @Mutation(() => ApiClientPayload)
  @Allow(Permission.API_CLIENT_MANAGE)
  async apiClientUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ApiClientUpdateInput) input: ApiClientUpdateInput,
  ): Promise<ApiClientPayload> {
    const { id, version, ownerId, ...rest } = input;
    const apiClient = await apiClientService.update(ctx, decodeId(id, 'ApiClient'), version, {
      ...rest,
      ownerId: decodeOptionalId(ownerId, 'StaffMember'),
    });
    return { apiClient };
  }

  @Mutation(() => ApiClientSecretPayload, {
    description: 'A new secret, shown once; the old ones keep working for graceHours, then stop.',
  })
  @Allow(Permission.API_CLIENT_MANAGE)
  async apiClientRotateSecret(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ApiClientRotateSecretInput) input: ApiClientRotateSecretInput,
  ): Promise<ApiClientSecretPayload> {
    return withSecret(await apiClientService.rotateSecret(ctx, decodeId(input.id, 'ApiClient'), input.graceHours));
  }

  @Mutation(() => ApiClientPayload, {
    description: 'Revokes the client at once: its secrets and every token issued to it stop working.',
  })
  @Allow(Permission.API_CLIENT_MANAGE)
  async apiClientRevoke(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ApiClientRevokeInput) input: ApiClientRevokeInput,
  ): Promise<ApiClientPayload> {
    return { apiClient: await apiClientService.revoke(ctx, decodeId(input.id, 'ApiClient')) };
  }

  @FieldResolver(() => StaffMember, { nullable: true, description: 'The person who answers for it.' })
  owner(@Ctx() ctx: RequestContext, @Root() client: ApiClient): Promise<StaffMember | null> {
    return staffLoaders.byId(ctx).load(client.ownerRawId);
  }

  @FieldResolver(() => [ApiClientSecret], {
    description: 'Its secrets that still work (never the secrets themselves).',
  })
  secrets(@Ctx() ctx: RequestContext, @Root() client: ApiClient): Promise<ApiClientSecret[]> {
    return ctx.loaders.loader('apiClient.secrets', (ids) => apiClientService.liveSecrets(ctx, ids)).load(client.rawId);
  }

  @FieldResolver(() => [ApiClientUsageDay], {
    description:
      `Its use of the API over the last \`days\` UTC days, today included, oldest first: one entry a day, zeros on ` +
      `days without requests. 1 to ${USAGE_DAYS_KEPT} days (what is kept).`,
  })
  usage(
    @Ctx() ctx: RequestContext,
    @Root() client: ApiClient,
    @Arg('days', () => Int, { defaultValue: USAGE_DAYS_SHOWN }) days: number,
  ): Promise<ApiClientUsageDay[]> {
    return ctx.loaders
      .loader(`apiClient.usage:${days}`, (ids) => apiClientService.usage(ctx, ids, days))
      .load(client.rawId);
  }
}
