import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Role } from '@throughline/shared';
import { PageArgs } from '../../graphql/connection';
import { IdentityMatching, IdentityProviderPreset, JitProvisioning } from './presets';
import { IdentityProvider, SignInSettings } from './identity-provider.type';

@InputType()
export class IdentityProviderCreateInput {
  @Field(() => String) name: string;
  @Field(() => IdentityProviderPreset) preset: IdentityProviderPreset;
  @Field(() => String, {
    nullable: true,
    description: 'GENERIC only: the issuer URL (https). GOOGLE, CLEVER and CLASSLINK fix theirs.',
  })
  issuer?: string | null;
  @Field(() => String, { nullable: true, description: 'MICROSOFT only: the Entra ID tenant (directory) id, a uuid.' })
  tenantId?: string | null;
  @Field(() => String) clientId: string;
  @Field(() => String, { nullable: true, description: 'Write-only: stored sealed, never shown again.' })
  clientSecret?: string | null;
  @Field(() => [String], { description: 'Email domains whose people may sign in, e.g. ["northfield.k12.us"].' })
  allowedDomains: string[];
  @Field(() => IdentityMatching, { nullable: true, defaultValue: IdentityMatching.VERIFIED_EMAIL })
  matching?: IdentityMatching;
  @Field(() => JitProvisioning, { nullable: true, defaultValue: JitProvisioning.OFF })
  provisioning?: JitProvisioning;
  @Field(() => Role, { nullable: true, description: 'DEFAULT_ROLE: the role (not DISTRICT_ADMIN).' })
  defaultRole?: Role | null;
  @Field(() => ID, { nullable: true, description: 'DEFAULT_ROLE: the school of that role (required for TEACHER).' })
  defaultSchoolId?: string | null;
  @Field(() => Boolean, { nullable: true, defaultValue: true }) enabled?: boolean;
}

@InputType()
export class IdentityProviderUpdateInput {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The version you read; a stale one is a CONFLICT.' }) version: number;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true, description: 'GENERIC only.' }) issuer?: string;
  @Field(() => String, { nullable: true, description: 'MICROSOFT only.' }) tenantId?: string;
  @Field(() => String, { nullable: true }) clientId?: string;
  @Field(() => String, { nullable: true, description: 'Write-only: replaces the stored secret.' })
  clientSecret?: string;
  @Field(() => [String], { nullable: true }) allowedDomains?: string[];
  @Field(() => IdentityMatching, { nullable: true }) matching?: IdentityMatching;
  @Field(() => JitProvisioning, { nullable: true }) provisioning?: JitProvisioning;
  @Field(() => Role, { nullable: true }) defaultRole?: Role | null;
  @Field(() => ID, { nullable: true }) defaultSchoolId?: string | null;
  @Field(() => Boolean, { nullable: true }) enabled?: boolean;
}

@InputType()
export class IdentityProviderDeleteInput {
  @Field(() => ID) id: string;
}

@InputType()
export class SignInSettingsUpdateInput {
  @Field(() => Boolean, {
    description: 'False turns password sign-in off for the district; refused unless an enabled provider exists.',
  })
  passwordSignIn: boolean;
}

@ArgsType()
export class IdentityProvidersArgs extends PageArgs {}

@ObjectType()
export class IdentityProviderPayload {
  @Field(() => IdentityProvider) identityProvider: IdentityProvider;
}

@ObjectType()
export class IdentityProviderDeletePayload {
  @Field(() => ID) deletedId: string;
}

@ObjectType()
export class SignInSettingsPayload {
  @Field(() => SignInSettings) signInSettings: SignInSettings;
}
