import { PLATFORM_OPERATOR, type PrincipalRole } from '@throughline/shared';
import { RefreshTokenEntity, OperatorRefreshTokenEntity } from './refresh-token.entity';
import { hashToken, issueRefreshToken, revokeFamily, type TokenOwner } from './refresh-tokens';
import { dummyPasswordHash, verifyPassword } from '../../auth/passwords';
import { issueAccessToken } from '../../auth/tokens';
import { loadStaffPrincipal } from './principal-loader';
import type { Principal, StaffPrincipal } from '../../auth/principal';
import { managerOf, type RequestContext } from '../../graphql/context';
import { BadUserInputError, RateLimitedError, UnauthenticatedError } from '../../graphql/errors';
import { auditEvent, recordAudit } from '../audit/audit.service';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { addressRefusal, chargeSignIn, countAddressFailure, refundSignIn } from './sign-in-throttle';
import { Limits } from '@throughline/shared';

interface Candidate {
  principal_kind: 'STAFF' | 'OPERATOR';
  principal_id: string;
  district_id: string | null;
  password_hash: string;
}

/** One answer for a wrong email and a wrong password alike. */
const WRONG_CREDENTIALS = 'Email or password is incorrect';

/** What a sign-in tries: an email and password, and the district (domain id) when the email has several. */
export interface SignInCredentials {
  email: string;
  password: string;
  /** Null to take the one district the email signs in to. */
  districtId: string | null;
}

/**
 * A session just issued, by sign-in or refresh: whose it is (the request acts as them from now on) and its tokens.
 * How the refresh token travels (body or cookie) is the resolver's business.
 */
export interface IssuedSession {
  principal: Principal;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

/**
 * Signing in and out and refreshing, in terms of tokens and principals. The services set no cookie and do not
 * change the request's principal: they return who the session is for, and the resolver delivers it.
 */
export class AuthService {
  /**
   * The attempt is charged to the throttle before any password is checked, in a short transaction of its own (with
   * the lookup of the accounts): a wrong password keeps the charge, a right one gives it back. Passwords are checked
   * holding no connection when the request's transaction has not begun.
   */
  async signIn(ctx: RequestContext, input: SignInCredentials): Promise<IssuedSession> {
    const emailValue = (input.email ?? '').trim().slice(0, Limits.EMAIL_MAX);
    const pw = (input.password ?? '').slice(0, Limits.PASSWORD_MAX);
    const { charged, candidates } = await ctx.tx.apart(async (m) => ({
      charged: await chargeSignIn(m, emailValue, ctx.clientAddress),
      candidates: (emailValue
        ? await m.query('SELECT * FROM auth_login_candidates($1)', [emailValue])
        : []) as Candidate[],
    }));
    const wantedDistrict = input.districtId;
    const matches: Candidate[] = [];
    if (candidates.length === 0) await verifyPassword(pw, await dummyPasswordHash());
    for (const candidate of candidates) {
      if (await verifyPassword(pw, candidate.password_hash)) matches.push(candidate);
    }
    const chosen = wantedDistrict ? matches.filter((m) => m.district_id === wantedDistrict) : matches;
    // A wrong password: the charge stands (it was committed apart, so the rollback of this operation keeps it).
    if (chosen.length === 0) throw new UnauthenticatedError(WRONG_CREDENTIALS);
    await ctx.tx.apart((m) => refundSignIn(m, charged));
    if (chosen.length > 1) {
      throw new BadUserInputError([
        { field: 'districtId', message: 'This email signs in to several districts: choose one' },
      ]);
    }
    const match = chosen[0];
    if (match.principal_kind === 'OPERATOR') {
      await ctx.tx.assume({ districtId: null, platformOperator: true });
      const operator: Principal = { kind: 'operator', operatorId: match.principal_id };
      return this.session(ctx, operator, { kind: 'operator', operatorId: match.principal_id }, [PLATFORM_OPERATOR]);
    }
    const districtId = match.district_id!;
    await ctx.tx.assume({ districtId, staffMemberId: match.principal_id });
    const principal = await loadStaffPrincipal(ctx.tx, districtId, match.principal_id);
    if (!principal) throw new UnauthenticatedError(WRONG_CREDENTIALS);
    await recordAudit(
      ctx,
      { action: 'session.signIn', entityType: 'StaffMember', entityId: match.principal_id },
      principal,
    );
    return this.session(
      ctx,
      principal,
      { kind: 'staff', districtId, staffMemberId: match.principal_id },
      rolesOf(principal),
    );
  }

  /**
   * Rotates a refresh token. A token that was already used (or revoked) means it leaked or was replayed: the
   * whole family is revoked, and that revocation is kept even though the answer is an error.
   */
  async refresh(ctx: RequestContext, refreshToken: string): Promise<IssuedSession> {
    const manager = await managerOf(ctx);
    const tokenHash = hashToken(refreshToken);
    const operatorToken = await manager.findOne(OperatorRefreshTokenEntity, {
      where: { tokenHash },
      lock: { mode: 'pessimistic_write' },
    });
    if (operatorToken) {
      await ctx.tx.assume({ districtId: null, platformOperator: true });
      this.assertUsable(ctx, operatorToken);
      if (operatorToken.revokedAt || operatorToken.usedAt) return this.reuse(ctx, 'operator', operatorToken.familyId);
      await manager.update(OperatorRefreshTokenEntity, { id: operatorToken.id }, { usedAt: new Date() });
      return this.session(
        ctx,
        { kind: 'operator', operatorId: operatorToken.operatorId },
        { kind: 'operator', operatorId: operatorToken.operatorId },
        [PLATFORM_OPERATOR],
        operatorToken.familyId,
      );
    }
    const [{ district_id: districtId }] = await manager.query('SELECT auth_refresh_token_district($1) AS district_id', [
      tokenHash,
    ]);
    if (!districtId) {
      // A token that matches nothing (not an expired or spent one: the portal sends those) is a guess, and counts
      // against the address's sign-in budget, kept although the answer is an error; once that budget is spent the
      // answer is RATE_LIMITED. No token at all is not a guess.
      if (refreshToken) {
        const retryAfter = await addressRefusal(manager, ctx.clientAddress);
        if (retryAfter) throw new RateLimitedError(retryAfter);
        await ctx.tx.keep((m) => countAddressFailure(m, ctx.clientAddress));
      }
      throw new UnauthenticatedError('Session expired; sign in again');
    }
    await ctx.tx.assume({ districtId });
    const token = await manager.findOne(RefreshTokenEntity, {
      where: { tokenHash, districtId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!token) throw new UnauthenticatedError('Session expired; sign in again');
    if (token.revokedAt || token.usedAt) return this.reuse(ctx, 'staff', token.familyId, token);
    this.assertUsable(ctx, token);
    await ctx.tx.assume({ districtId, staffMemberId: token.staffMemberId });
    const principal = await loadStaffPrincipal(ctx.tx, districtId, token.staffMemberId);
    if (!principal) throw new UnauthenticatedError('Session expired; sign in again');
    await manager.update(RefreshTokenEntity, { id: token.id, districtId }, { usedAt: new Date() });
    return this.session(
      ctx,
      principal,
      { kind: 'staff', districtId, staffMemberId: token.staffMemberId },
      rolesOf(principal),
      token.familyId,
    );
  }

  /**
   * Ends the session the refresh token belongs to; the caller answers the same whether or not the token was known.
   * Returns the staff member whose session ended (without permissions: they are signing out), who is the actor of
   * the `session.signOut` audit event; null when the token was unknown or an operator's.
   */
  async signOut(ctx: RequestContext, refreshToken: string): Promise<StaffPrincipal | null> {
    const manager = await managerOf(ctx);
    const tokenHash = hashToken(refreshToken);
    const operatorToken = await manager.findOne(OperatorRefreshTokenEntity, { where: { tokenHash } });
    if (operatorToken) {
      await revokeFamily(manager, 'operator', operatorToken.familyId);
      return null;
    }
    const [{ district_id: districtId }] = await manager.query('SELECT auth_refresh_token_district($1) AS district_id', [
      tokenHash,
    ]);
    if (!districtId) return null;
    await ctx.tx.assume({ districtId });
    const token = await manager.findOne(RefreshTokenEntity, { where: { tokenHash, districtId } });
    if (!token) return null;
    await revokeFamily(manager, 'staff', token.familyId);
    const signedOut: StaffPrincipal = {
      kind: 'staff',
      districtId,
      staffMemberId: token.staffMemberId,
      assignments: [],
      permissions: [],
    };
    await recordAudit(
      ctx,
      { action: 'session.signOut', entityType: 'StaffMember', entityId: token.staffMemberId },
      signedOut,
    );
    return signedOut;
  }

  private assertUsable(_ctx: RequestContext, token: { expiresAt: Date }): void {
    if (token.expiresAt.getTime() <= Date.now()) throw new UnauthenticatedError('Session expired; sign in again');
  }

  /** A spent or revoked token came back: its whole family is revoked, and that is kept despite the error. */
  private async reuse(
    ctx: RequestContext,
    kind: 'staff' | 'operator',
    familyId: string,
    token?: RefreshTokenEntity,
  ): Promise<never> {
    const event = token
      ? auditEvent(
          ctx,
          { action: 'session.refreshTokenReused', entityType: 'StaffMember', entityId: token.staffMemberId },
          {
            kind: 'staff',
            districtId: token.districtId,
            staffMemberId: token.staffMemberId,
            assignments: [],
            permissions: [],
          },
        )
      : null;
    await ctx.tx.keep(async (m) => {
      await revokeFamily(m, kind, familyId);
      if (event) await m.insert(AuditEventEntity, event);
    });
    throw new UnauthenticatedError('Session expired; sign in again');
  }

  /**
   * The session a password sign-in gives (same access token, same refresh-token family), for a staff member another
   * way of signing in has identified and loaded (single sign-on, modules/sso). The caller audits the sign-in.
   */
  async sessionForStaff(ctx: RequestContext, principal: StaffPrincipal): Promise<IssuedSession> {
    const { districtId, staffMemberId } = principal;
    return this.session(ctx, principal, { kind: 'staff', districtId, staffMemberId }, rolesOf(principal));
  }

  private async session(
    ctx: RequestContext,
    principal: Principal,
    owner: TokenOwner,
    roles: PrincipalRole[],
    familyId?: string,
  ): Promise<IssuedSession> {
    const manager = await managerOf(ctx);
    const access = await issueAccessToken(ctx.deps.keys, ctx.deps.tokens, {
      subject: owner.kind === 'staff' ? owner.staffMemberId : owner.operatorId,
      districtId: owner.kind === 'staff' ? owner.districtId : null,
      roles,
    });
    const refresh = await issueRefreshToken(manager, owner, ctx.deps.refreshTokenTtlSeconds, familyId);
    return {
      principal,
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt,
    };
  }
}

function rolesOf(principal: Principal): PrincipalRole[] {
  if (principal.kind === 'client') return [];
  return principal.kind === 'operator'
    ? [PLATFORM_OPERATOR]
    : [...new Set(principal.assignments.map((a) => a.role))].sort();
}

export const authService = new AuthService();
