import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import {
  AuthSessionPayload,
  RefreshSessionInput,
  RefreshTokenDelivery,
  SignInInput,
  SignOutInput,
  SignOutPayload,
} from './auth.input';
import { authService } from './auth.service';
import { deliverSession, forgetRefreshCookie, refreshTokenOf } from './session-delivery';
import { PeopleOnly, Public } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import { idOf } from '../../graphql/global-id';

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthSessionPayload, { description: 'Signs in with email and password.' })
  @Public()
  @PeopleOnly()
  async signIn(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SignInInput) input: SignInInput,
  ): Promise<AuthSessionPayload> {
    const session = await authService.signIn(ctx, {
      email: input.email,
      password: input.password,
      // A malformed district id narrows nothing, as if none were given.
      districtId: input.districtId ? idOf(input.districtId, 'District') : null,
    });
    // From here the request acts as the person signed in (the response's viewer is them).
    ctx.principal = session.principal;
    return deliverSession(ctx.http, input.delivery ?? RefreshTokenDelivery.BODY, session);
  }

  @Mutation(() => AuthSessionPayload, {
    description: 'Trades a refresh token for a new access token and a new refresh token.',
  })
  @Public()
  @PeopleOnly()
  async refreshSession(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RefreshSessionInput) input: RefreshSessionInput,
  ): Promise<AuthSessionPayload> {
    const fromCookie = !input.refreshToken;
    const delivery = fromCookie ? RefreshTokenDelivery.COOKIE : (input.delivery ?? RefreshTokenDelivery.BODY);
    try {
      const session = await authService.refresh(ctx, refreshTokenOf(ctx.http, input.refreshToken));
      ctx.principal = session.principal;
      return deliverSession(ctx.http, delivery, session);
    } catch (error) {
      // A cookie that no longer works is removed, so the portal stops offering it.
      if (fromCookie) forgetRefreshCookie(ctx.http);
      throw error;
    }
  }

  @Mutation(() => SignOutPayload, { description: 'Ends the session of this refresh token.' })
  @Public()
  @PeopleOnly()
  async signOut(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SignOutInput) input: SignOutInput,
  ): Promise<SignOutPayload> {
    if (!input.refreshToken) forgetRefreshCookie(ctx.http);
    const signedOut = await authService.signOut(ctx, refreshTokenOf(ctx.http, input.refreshToken));
    // As before this split, the rest of the request acts as the person signed out, with no permissions.
    if (signedOut) ctx.principal = signedOut;
    return { signedOut: true };
  }
}
