import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '@throughline/shared';
import { Node } from '../../graphql/node.type';
import { ConnectionType } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { IdentityMatching, IdentityProviderPreset, JitProvisioning, microsoftTenantOf } from './presets';
import type { IdentityProviderEntity } from './identity-provider.entity';

registerEnumType(IdentityProviderPreset, {
  name: 'IdentityProviderPreset',
  description: 'GOOGLE, MICROSOFT (Entra ID, one tenant), CLEVER and CLASSLINK fix the issuer; GENERIC takes any.',
});
registerEnumType(IdentityMatching, {
  name: 'IdentityMatching',
  description:
    'VERIFIED_EMAIL: each sign-in by the verified email. LINKED_SUBJECT: the first by the verified email, then by the ' +
    "provider's subject id.",
});
registerEnumType(JitProvisioning, {
  name: 'JitProvisioning',
  description:
    'An unknown person from an allowed domain: OFF refused; INACTIVE_PENDING created inactive (an admin activates ' +
    'them); DEFAULT_ROLE created with the default role and signed in.',
});

/** Where a person signs in with a provider: the API's own route, which redirects to the provider. */
export function startPath(globalId: string): string {
  return `/auth/sso/start?provider=${encodeURIComponent(globalId)}`;
}

@ObjectType('IdentityProvider', {
  implements: Node,
  description: "An OpenID Connect provider the district's people sign in with (docs/sso.md).",
})
export class IdentityProvider extends Node {
  @Field(() => String) name: string;
  @Field(() => IdentityProviderPreset) preset: IdentityProviderPreset;
  @Field(() => String, { description: 'The issuer URL (its /.well-known/openid-configuration is read).' })
  issuer: string;
  @Field(() => String, { nullable: true, description: 'MICROSOFT: the Entra ID tenant (directory) id.' })
  tenantId: string | null;
  @Field(() => String, { description: 'The OAuth client id registered at the provider.' }) clientId: string;
  @Field(() => Boolean, { description: 'Whether a client secret is stored. The secret itself is never shown.' })
  clientSecretSet: boolean;
  @Field(() => [String], { description: 'Only people whose verified email is in one of these domains may sign in.' })
  allowedDomains: string[];
  @Field(() => IdentityMatching) matching: IdentityMatching;
  @Field(() => JitProvisioning) provisioning: JitProvisioning;
  @Field(() => Role, { nullable: true, description: 'The role DEFAULT_ROLE provisioning gives.' })
  defaultRole: Role | null;
  @Field(() => ID, { nullable: true, description: 'The school of that role.' }) defaultSchoolId: string | null;
  @Field(() => Boolean) enabled: boolean;
  @Field(() => String, { description: 'Where the sign-in starts (a path of this server).' }) startUrl: string;
  @Field(() => Int, { description: 'Pass back with updates; a stale version is a CONFLICT.' }) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;

  static from(e: IdentityProviderEntity): IdentityProvider {
    const id = toGlobalId('IdentityProvider', e.id);
    return Object.assign(new IdentityProvider(), {
      id,
      name: e.name,
      preset: e.preset,
      issuer: e.issuer,
      tenantId: e.preset === IdentityProviderPreset.MICROSOFT ? microsoftTenantOf(e.issuer) : null,
      clientId: e.clientId,
      clientSecretSet: e.clientSecretSealed !== null,
      allowedDomains: e.allowedDomains,
      matching: e.matching,
      provisioning: e.provisioning,
      defaultRole: e.defaultRole,
      defaultSchoolId: e.defaultSchoolId ? toGlobalId('School', e.defaultSchoolId) : null,
      enabled: e.enabled,
      startUrl: startPath(id),
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
  }
}

export const IdentityProviderConnection = ConnectionType(IdentityProvider, 'IdentityProvider');

@ObjectType({ description: "How the district's people sign in." })
export class SignInSettings {
  @Field(() => Boolean, {
    description: 'False once the district turned passwords off (single sign-on only; platform operators keep theirs).',
  })
  passwordSignIn: boolean;
}

@ObjectType({ description: 'A provider offered on the sign-in page.' })
export class SignInProvider {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => IdentityProviderPreset) preset: IdentityProviderPreset;
  @Field(() => String, { description: 'Open this (a path of this server) to sign in with the provider.' })
  startUrl: string;
}

@ObjectType({ description: 'A district one signs in to, and how.' })
export class SignInDistrict {
  @Field(() => String) name: string;
  @Field(() => String) slug: string;
  @Field(() => Boolean, { description: 'Whether its people may sign in with a password.' }) passwordSignIn: boolean;
  @Field(() => [SignInProvider]) providers: SignInProvider[];
}
