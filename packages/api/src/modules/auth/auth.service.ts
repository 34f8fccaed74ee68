import { PLATFORM_OPERATOR, type PrincipalRole } from '@throughline/shared';
import { RefreshTokenEntity, OperatorRefreshTokenEntity } from './refresh-token.entity';
import { hashToken, issueRefreshToken, revokeFamily, type TokenOwner } from './refresh-tokens';
import type { RefreshSessionInput, SignInInput, SignOutInput } from './auth.input';
import { RefreshTokenDelivery, SessionPayload } from './auth.input';
import { clearRefreshCookie, REFRESH_COOKIE, refreshCookie } from '../../http/cookies';
import { Viewer, ViewerKind } from '../viewer/viewer.type';
import { dummyPasswordHash, verifyPassword } from '../../auth/passwords';
import { issueAccessToken } from '../../auth/tokens';
import { loadStaffPrincipal } from './principal-loader';
import type { Principal } from '../../auth/principal';
import { managerOf, type RequestContext } from '../../graphql/context';
import { BadUserInputError, UnauthenticatedError } from '../../graphql/errors';
import { idOf } from '../../graphql/global-id';
import { auditEvent, recordAudit } from '../audit/audit.service';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { assertNotThrottled, clearFailures, recordFailure } from './sign-in-throttle';
import { Limits } from '@throughline/shared';

interface Candidate {
  principal_kind: 'STAFF' | 'OPERATOR';
  principal_id: string;
  district_id: string | null;
  password_hash: string;
}

/** One answer for a wrong email and a wrong password alike. */
const WRONG_CREDENTIALS = 'Email or password is incorrect';

export class AuthService {
  async signIn(ctx: RequestContext, input: SignInInput): Promise<SessionPayload> {
    const manager = await managerOf(ctx);
    const emailValue = (input.email ?? '').trim().slice(0, Limits.EMAIL_MAX);
    const pw = (input.password ?? '').slice(0, Limits.PASSWORD_MAX);
    if (emailValue) await assertNotThrottled(manager, emailValue);
    const candidates: Candidate[] = emailValue
      ? await manager.query('SELECT * FROM auth_login_candidates($1)', [emailValue])
      : [];
    const wantedDistrict = input.districtId ? idOf(input.districtId, 'District') : null;
    const matches: Candidate[] = [];
    if (candidates.length === 0) await verifyPassword(pw, await dummyPasswordHash());
    for (const candidate of candidates) {
      if (await verifyPassword(pw, candidate.password_hash)) matches.push(candidate);
    }
    const chosen = wantedDistrict ? matches.filter((m) => m.district_id === wantedDistrict) : matches;
    if (chosen.length === 0) {
      if (emailValue) {
        // Counted across instances, and kept although the answer is an error.
        await ctx.tx.keep((m) => recordFailure(m, emailValue));
      }
      throw new UnauthenticatedError(WRONG_CREDENTIALS);
    }
    await clearFailures(manager, emailValue);
    if (chosen.length > 1) {
      throw new BadUserInputError([
        { field: 'districtId', message: 'This email signs in to several districts: choose one' },
      ]);
    }
    const match = chosen[0];
    const delivery = input.delivery ?? RefreshTokenDelivery.BODY;
    if (match.principal_kind === 'OPERATOR') {
      await ctx.tx.assume({ districtId: null, platformOperator: true });
      ctx.principal = { kind: 'operator', operatorId: match.principal_id };
      return this.deliver(
        ctx,
        delivery,
        await this.session(ctx, { kind: 'operator', operatorId: match.principal_id }, [PLATFORM_OPERATOR]),
      );
    }
    const districtId = match.district_id!;
    await ctx.tx.assume({ districtId, staffMemberId: match.principal_id });
    const principal = await loadStaffPrincipal(ctx.tx, districtId, match.principal_id);
    if (!principal) throw new UnauthenticatedError(WRONG_CREDENTIALS);
    ctx.principal = principal;
    await recordAudit(ctx, { action: 'session.signIn', entityType: 'StaffMember', entityId: match.principal_id });
    return this.deliver(
      ctx,
      delivery,
      await this.session(ctx, { kind: 'staff', districtId, staffMemberId: match.principal_id }, rolesOf(principal)),
    );
  }

  /**
   * Rotates a refresh token. A token that was already used (or revoked) means it leaked or was replayed: the
   * whole family is revoked, and that revocation is kept even though the answer is an error.
   */
  async refresh(ctx: RequestContext, input: RefreshSessionInput): Promise<SessionPayload> {
    const fromCookie = !input.refreshToken;
    const delivery = fromCookie ? RefreshTokenDelivery.COOKIE : (input.delivery ?? RefreshTokenDelivery.BODY);
    try {
      return this.deliver(
        ctx,
        delivery,
        await this.rotate(ctx, input.refreshToken ?? ctx.http.cookies[REFRESH_COOKIE] ?? ''),
      );
    } catch (error) {
      // A cookie that no longer works is removed, so the portal stops offering it.
      if (fromCookie) clearRefreshCookie(ctx.http);
      throw error;
    }
  }

  private async rotate(ctx: RequestContext, refreshToken: string): Promise<SessionPayload> {
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
      ctx.principal = { kind: 'operator', operatorId: operatorToken.operatorId };
      return this.session(
        ctx,
        { kind: 'operator', operatorId: operatorToken.operatorId },
        [PLATFORM_OPERATOR],
        operatorToken.familyId,
      );
    }
    const [{ district_id: districtId }] = await manager.query('SELECT auth_refresh_token_district($1) AS district_id', [
      tokenHash,
    ]);
    if (!districtId) throw new UnauthenticatedError('Session expired; sign in again');
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
    ctx.principal = principal;
    return this.session(
      ctx,
      { kind: 'staff', districtId, staffMemberId: token.staffMemberId },
      rolesOf(principal),
      token.familyId,
    );
  }

  /** Ends the session the refresh token belongs to. Answers the same whether or not the token was known. */
  async signOut(ctx: RequestContext, input: SignOutInput): Promise<boolean> {
    const manager = await managerOf(ctx);
    if (!input.refreshToken) clearRefreshCookie(ctx.http);
    const tokenHash = hashToken(input.refreshToken ?? ctx.http.cookies[REFRESH_COOKIE] ?? '');
    const operatorToken = await manager.findOne(OperatorRefreshTokenEntity, { where: { tokenHash } });
    if (operatorToken) {
      await revokeFamily(manager, 'operator', operatorToken.familyId);
      return true;
    }
    const [{ district_id: districtId }] = await manager.query('SELECT auth_refresh_token_district($1) AS district_id', [
      tokenHash,
    ]);
    if (!districtId) return true;
    await ctx.tx.assume({ districtId });
    const token = await manager.findOne(RefreshTokenEntity, { where: { tokenHash, districtId } });
    if (token) {
      await revokeFamily(manager, 'staff', token.familyId);
      ctx.principal = {
        kind: 'staff',
        districtId,
        staffMemberId: token.staffMemberId,
        assignments: [],
        permissions: [],
      };
      await recordAudit(ctx, { action: 'session.signOut', entityType: 'StaffMember', entityId: token.staffMemberId });
    }
    return true;
  }

  /** For the portal, the refresh token goes into an httpOnly cookie and out of the body. */
  private deliver(ctx: RequestContext, delivery: RefreshTokenDelivery, payload: SessionPayload): SessionPayload {
    if (delivery !== RefreshTokenDelivery.COOKIE || !payload.refreshToken) return payload;
    const maxAge = Math.max(0, Math.floor((payload.refreshTokenExpiresAt.getTime() - Date.now()) / 1000));
    refreshCookie(ctx.http, payload.refreshToken, maxAge);
    return Object.assign(payload, { refreshToken: null });
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

  private async session(
    ctx: RequestContext,
    owner: TokenOwner,
    roles: PrincipalRole[],
    familyId?: string,
  ): Promise<SessionPayload> {
    const manager = await managerOf(ctx);
    const access = await issueAccessToken(ctx.deps.keys, ctx.deps.tokens, {
      subject: owner.kind === 'staff' ? owner.staffMemberId : owner.operatorId,
      districtId: owner.kind === 'staff' ? owner.districtId : null,
      roles,
    });
    const refresh = await issueRefreshToken(manager, owner, ctx.deps.refreshTokenTtlSeconds, familyId);
    return Object.assign(new SessionPayload(), {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt,
      tokenType: 'Bearer',
      viewer: Object.assign(new Viewer(), {
        kind: owner.kind === 'operator' ? ViewerKind.PLATFORM_OPERATOR : ViewerKind.STAFF,
      }),
    });
  }
}

function rolesOf(principal: Principal): PrincipalRole[] {
  return principal.kind === 'operator'
    ? [PLATFORM_OPERATOR]
    : [...new Set(principal.assignments.map((a) => a.role))].sort();
}

export const authService = new AuthService();
