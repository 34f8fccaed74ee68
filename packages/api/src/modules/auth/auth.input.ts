import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Viewer } from '../viewer/viewer.type';

@InputType()
export class SignInInput {
  @Field(() => String) email: string;
  @Field(() => String) password: string;
  @Field(() => ID, { nullable: true, description: 'Only needed when one email signs in to several districts.' })
  districtId?: string | null;
}

@InputType()
export class RefreshSessionInput {
  @Field(() => String) refreshToken: string;
}

@InputType()
export class SignOutInput {
  @Field(() => String) refreshToken: string;
}

@ObjectType({ description: 'A signed-in session: a short-lived access token and a refresh token to renew it.' })
export class SessionPayload {
  @Field(() => String, { description: 'JWT (ES256): send as `Authorization: Bearer <token>`.' }) accessToken: string;
  @Field(() => Date) accessTokenExpiresAt: Date;
  @Field(() => String, { description: 'Opaque; single use: each refresh returns a new one.' }) refreshToken: string;
  @Field(() => Date) refreshTokenExpiresAt: Date;
  @Field(() => String) tokenType: string;
  @Field(() => Viewer) viewer: Viewer;
}

@ObjectType()
export class SignOutPayload {
  @Field(() => Boolean) signedOut: boolean;
}
