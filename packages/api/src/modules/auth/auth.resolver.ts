import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { RefreshSessionInput, SessionPayload, SignInInput, SignOutInput, SignOutPayload } from './auth.input';
import { authService } from './auth.service';
import { Public } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';

@Resolver()
export class AuthResolver {
  @Mutation(() => SessionPayload, { description: 'Signs in with email and password.' })
  @Public()
  signIn(@Ctx() ctx: RequestContext, @Arg('input', () => SignInInput) input: SignInInput): Promise<SessionPayload> {
    return authService.signIn(ctx, input);
  }

  @Mutation(() => SessionPayload, {
    description: 'Trades a refresh token for a new access token and a new refresh token.',
  })
  @Public()
  refreshSession(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RefreshSessionInput) input: RefreshSessionInput,
  ): Promise<SessionPayload> {
    return authService.refresh(ctx, input);
  }

  @Mutation(() => SignOutPayload, { description: 'Ends the session of this refresh token.' })
  @Public()
  async signOut(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SignOutInput) input: SignOutInput,
  ): Promise<SignOutPayload> {
    return { signedOut: await authService.signOut(ctx, input) };
  }
}
