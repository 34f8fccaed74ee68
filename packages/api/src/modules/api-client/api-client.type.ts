import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.type';
import { LocalDate } from '../../graphql/scalars';
import { ConnectionType } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import type { ApiClientEntity, ApiClientSecretEntity } from './api-client.entity';

@ObjectType({ description: "One of an API client's secrets that still works. The secret itself is never shown again." })
export class ApiClientSecret {
  @Field(() => ID) id: string;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date, {
    nullable: true,
    description: 'When a rotated-out secret stops working; null for the current one.',
  })
  expiresAt: Date | null;

  static from(e: ApiClientSecretEntity): ApiClientSecret {
    return { id: toGlobalId('ApiClientSecret', e.id), createdAt: e.createdAt, expiresAt: e.expiresAt };
  }
}

@ObjectType({
  description:
    "One UTC day of an API client's use of the GraphQL API, as its budget counted it: every request made with one of " +
    'its tokens, refused and failed ones included; not its token requests (POST /oauth/token), nor requests turned ' +
    "away before they are read (a token invalid, expired or revoked, or too many of the client's requests at once).",
})
export class ApiClientUsageDay {
  @Field(() => LocalDate, { description: 'The day, in UTC.' }) day: string;
  @Field(() => Int, { description: 'GraphQL requests it made that day, refused and failed ones included.' })
  requests: number;
  @Field(() => Int, { description: 'Query points charged to its hourly budget that day.' }) points: number;
  @Field(() => Int, { description: 'Requests its hourly budget refused (429 RATE_LIMITED).' }) rateLimited: number;
  @Field(() => Int, {
    description: 'Requests answered with at least one error, other than a refusal by the budget.',
  })
  errors: number;
}

@ObjectType('ApiClient', {
  implements: Node,
  description: "An integrator's credential: OAuth 2.0 client credentials at POST /oauth/token (docs/integrators.md).",
})
export class ApiClient extends Node {
  @Field(() => String, { description: 'The OAuth client_id to send to /oauth/token.' }) clientId: string;
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => [String], { description: 'Scopes it may ask for: organization:read, improvement:read, …' })
  scopes: string[];
  @Field(() => [String], { description: 'CIDR blocks it may call from; empty: any address.' })
  allowedAddresses: string[];
  @Field(() => Boolean, { description: 'False once revoked.' }) active: boolean;
  @Field(() => Int, { description: 'Pass back with updates; a stale version is a CONFLICT.' }) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  @Field(() => Date, { nullable: true, description: 'Its last request (to the minute).' }) lastUsedAt: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  rawId: string;
  ownerRawId: string;

  static from(e: ApiClientEntity): ApiClient {
    return Object.assign(new ApiClient(), {
      id: toGlobalId('ApiClient', e.id),
      rawId: e.id,
      clientId: e.id,
      name: e.name,
      description: e.description,
      scopes: e.scopes,
      allowedAddresses: e.allowedAddresses,
      active: e.revokedAt === null,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
      lastUsedAt: e.lastUsedAt,
      revokedAt: e.revokedAt,
      ownerRawId: e.ownerId,
    });
  }
}

export const ApiClientConnection = ConnectionType(ApiClient, 'ApiClient');
