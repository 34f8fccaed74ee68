import type { ApiModule } from '../../graphql/module';
import { IdentityProviderEntity, StaffIdentityEntity } from './identity-provider.entity';
import { IdentityProviderResolver } from './identity-provider.resolver';
import { identityProviderService } from './identity-provider.service';

/**
 * Single sign-on with OpenID Connect (docs/sso.md): a district's identity providers and its password switch
 * (GraphQL, district admins), the public sign-in options, and the sign-in itself, two HTTP routes (sso-routes.ts,
 * mounted by the composition root) that end in the same session a password sign-in gives.
 */
export const ssoModule: ApiModule = {
  name: 'sso',
  resolvers: [IdentityProviderResolver],
  entities: [IdentityProviderEntity, StaffIdentityEntity],
  nodes: { IdentityProvider: (ctx, id) => identityProviderService.findById(ctx, id) },
};
