import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Viewer } from '../viewer/viewer.type';

/** Where the refresh token goes: in the response body (integrators), or an httpOnly cookie (the portal). */
export enum RefreshTokenDelivery {
  BODY = 'BODY',
  COOKIE = 'COOKIE',
}
registerEnumType(RefreshTokenDelivery, {
  name: 'RefreshTokenDelivery',
  description:
    'COOKIE: set as an httpOnly, SameSite=Strict cookie that scripts cannot read; the body then carries none.',
});

@InputType()
export class SignInInput {
  @Field(() => String) email: string;
  @Field(() => String) password: string;
  @Field(() => ID, { nullable: true, description: 'Only needed when one email signs in to several districts.' })
  districtId?: string | null;
  @Field(() => RefreshTokenDelivery, { nullable: true, defaultValue: RefreshTokenDelivery.BODY })
  delivery?: RefreshTokenDelivery;
}

@InputType()
export class RefreshSessionInput {
  @Field(() => String, { nullable: true, description: 'Omit to use the refresh-token cookie.' }) refreshToken?:
    string | null;
  @Field(() => RefreshTokenDelivery, { nullable: true, defaultValue: RefreshTokenDelivery.BODY })
  delivery?: RefreshTokenDelivery;
}

@InputType()
export class SignOutInput {
  @Field(() => String, { nullable: true, description: 'Omit to use (and clear) the refresh-token cookie.' })
  refreshToken?: string | null;
}

/** Named `SessionPayload` in the schema (the session module's payload is `ConversationSessionPayload`). */
@ObjectType('SessionPayload', {
  description: 'A signed-in session: a short-lived access token and a refresh token to renew it.',
})
export class AuthSessionPayload {
  @Field(() => String, { description: 'JWT (ES256): send as `Authorization: Bearer <token>`.' }) accessToken: string;
  @Field(() => Date) accessTokenExpiresAt: Date;
  @Field(() => String, {
    nullable: true,
    description: 'Opaque; single use: each refresh returns a new one. Null when delivered as a cookie.',
  })
  refreshToken: string | null;
  @Field(() => Date) refreshTokenExpiresAt: Date;
  @Field(() => String) tokenType: string;
  @Field(() => Viewer) viewer: Viewer;
}

@ObjectType()
export class SignOutPayload {
  @Field(() => Boolean) signedOut: boolean;
}
