import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { IdentityProvider, IdentityProviderConnection, SignInDistrict, SignInSettings } from './identity-provider.type';
import {
  IdentityProviderCreateInput,
  IdentityProviderDeleteInput,
  IdentityProviderDeletePayload,
  IdentityProviderPayload,
  IdentityProvidersArgs,
  IdentityProviderUpdateInput,
  SignInSettingsPayload,
  SignInSettingsUpdateInput,
} from './identity-provider.input';
import { identityProviderService } from './identity-provider.service';
import { Allow, PeopleOnly, Public } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { decodeId, decodeOptionalId, toGlobalId } from '../../graphql/global-id';

@Resolver(() => IdentityProvider)
export class IdentityProviderResolver {
  @Query(() => [SignInDistrict], {
    description:
      'What the sign-in page offers, without signing in: for a district slug, that district; for an email, the ' +
      'districts with an enabled identity provider for its domain. Each with its providers and whether passwords work.',
  })
  @Public()
  signInOptions(
    @Ctx() ctx: RequestContext,
    @Arg('email', () => String, { nullable: true }) email: string | null,
    @Arg('districtSlug', () => String, { nullable: true }) districtSlug: string | null,
  ): Promise<SignInDistrict[]> {
    return identityProviderService.signInOptions(ctx, email ?? null, districtSlug ?? null);
  }

  @Query(() => IdentityProviderConnection, { description: "The district's identity providers, by name (admins)." })
  @Allow(Permission.IDENTITY_PROVIDER_MANAGE)
  @PeopleOnly()
  identityProviders(
    @Ctx() ctx: RequestContext,
    @Args(() => IdentityProvidersArgs) args: IdentityProvidersArgs,
  ): Promise<Page<IdentityProvider>> {
    return identityProviderService.list(ctx, args);
  }

  @Query(() => SignInSettings, { description: "How the district's people sign in (admins)." })
  @Allow(Permission.IDENTITY_PROVIDER_MANAGE)
  @PeopleOnly()
  signInSettings(@Ctx() ctx: RequestContext): Promise<SignInSettings> {
    return identityProviderService.signInSettings(ctx);
  }

  @Mutation(() => IdentityProviderPayload, {
    description: 'Adds an OpenID Connect provider. The client secret is stored sealed and never shown again.',
  })
  @Allow(Permission.IDENTITY_PROVIDER_MANAGE)
  @PeopleOnly()
  async identityProviderCreate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => IdentityProviderCreateInput) input: IdentityProviderCreateInput,
  ): Promise<IdentityProviderPayload> {
    const identityProvider = await identityProviderService.create(ctx, {
      ...input,
      defaultSchoolId: decodeOptionalId(input.defaultSchoolId, 'School'),
    });
    return { identityProvider };
  }

  @Mutation(() => IdentityProviderPayload)
  @Allow(Permission.IDENTITY_PROVIDER_MANAGE)
  @PeopleOnly()
  async identityProviderUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => IdentityProviderUpdateInput) input: IdentityProviderUpdateInput,
  ): Promise<IdentityProviderPayload> {
    const { id, version, defaultSchoolId, ...rest } = input;
    const identityProvider = await identityProviderService.update(ctx, decodeId(id, 'IdentityProvider'), version, {
      ...rest,
      defaultSchoolId: decodeOptionalId(defaultSchoolId, 'School'),
    });
    return { identityProvider };
  }

  @Mutation(() => IdentityProviderDeletePayload, {
    description: 'Deletes a provider and the accounts linked through it; people keep their records.',
  })
  @Allow(Permission.IDENTITY_PROVIDER_MANAGE)
  @PeopleOnly()
  async identityProviderDelete(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => IdentityProviderDeleteInput) input: IdentityProviderDeleteInput,
  ): Promise<IdentityProviderDeletePayload> {
    const deleted = await identityProviderService.delete(ctx, decodeId(input.id, 'IdentityProvider'));
    return { deletedId: toGlobalId('IdentityProvider', deleted) };
  }

  @Mutation(() => SignInSettingsPayload, {
    description:
      'Turns password sign-in off (refused unless an enabled identity provider exists) or back on. Platform ' +
      'operators keep their passwords.',
  })
  @Allow(Permission.IDENTITY_PROVIDER_MANAGE)
  @PeopleOnly()
  async signInSettingsUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SignInSettingsUpdateInput) input: SignInSettingsUpdateInput,
  ): Promise<SignInSettingsPayload> {
    return { signInSettings: await identityProviderService.updateSignInSettings(ctx, input.passwordSignIn) };
  }
}
