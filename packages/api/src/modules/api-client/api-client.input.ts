import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PageArgs } from '../../graphql/connection';
import { ApiClient } from './api-client.type';

@InputType()
export class ApiClientCreateInput {
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [String], { description: 'At least one of the API scopes (docs/integrators.md).' }) scopes: string[];
  @Field(() => [String], { nullable: true, description: 'CIDR blocks (or single addresses); none: any address.' })
  allowedAddresses?: string[] | null;
  @Field(() => ID, { nullable: true, description: 'The person who answers for it; you by default.' })
  ownerId?: string | null;
}

@InputType()
export class ApiClientUpdateInput {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The version you read; a stale one is a CONFLICT.' }) version: number;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [String], { nullable: true }) scopes?: string[];
  @Field(() => [String], { nullable: true }) allowedAddresses?: string[];
  @Field(() => ID, { nullable: true }) ownerId?: string;
}

@InputType()
export class ApiClientRotateSecretInput {
  @Field(() => ID) id: string;
  @Field(() => Int, {
    defaultValue: 24,
    description: 'Hours the current secrets keep working beside the new one (0 to 720; 0 ends them at once).',
  })
  graceHours: number;
}

@InputType()
export class ApiClientRevokeInput {
  @Field(() => ID) id: string;
}

@InputType()
export class ApiClientFilter {
  @Field(() => Boolean, { nullable: true, description: 'Only active (true) or only revoked (false) clients.' })
  active?: boolean;
}

@ArgsType()
export class ApiClientsArgs extends PageArgs {
  @Field(() => ApiClientFilter, { nullable: true }) filter?: ApiClientFilter;
}

@ObjectType()
export class ApiClientPayload {
  @Field(() => ApiClient) apiClient: ApiClient;
}

@ObjectType({ description: 'A new secret: shown this once, stored only as a hash. Keep it in a secret store.' })
export class ApiClientSecretPayload {
  @Field(() => ApiClient) apiClient: ApiClient;
  @Field(() => String, { description: 'The OAuth client_id.' }) clientId: string;
  @Field(() => String, { description: 'The OAuth client_secret. It cannot be shown again.' }) clientSecret: string;
}
