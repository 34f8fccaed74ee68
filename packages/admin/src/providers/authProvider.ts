import type { AuthProvider } from 'react-admin';
import { ApiError } from './graphql';
import type { PortalSession } from './session';
import { canAccess } from './access';

/**
 * react-admin's auth provider over signIn, refreshSession and signOut, with the session kept by PortalSession. Its
 * errors are message keys (i18n/en/providers.ts): react-admin translates what it notifies.
 */
export function createAuthProvider(session: PortalSession): AuthProvider {
  return {
    async login({ username, email, password }: { username?: string; email?: string; password: string }) {
      try {
        await session.signIn(email ?? username ?? '', password);
      } catch (error) {
        throw new Error(
          error instanceof ApiError && error.code === 'RATE_LIMITED'
            ? 'tl.providers.auth.rate_limited'
            : 'tl.providers.auth.wrong_password',
          { cause: error },
        );
      }
    },
    async logout() {
      if (session.signedIn) await session.signOut().catch(() => undefined);
      else session.clear();
    },
    async checkAuth() {
      if (!(await session.restore())) throw new Error('tl.providers.auth.sign_in');
    },
    async checkError(error: unknown) {
      // An expired or revoked session: try one silent refresh before sending the person to sign in.
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
        if (!(await session.refresh())) throw new Error('tl.providers.auth.ended');
      }
    },
    async getIdentity() {
      if (!(await session.restore()) || !session.viewer) throw new Error('tl.providers.auth.sign_in');
      const v = session.viewer;
      const person = v.staffMember ?? v.operator!;
      return { id: person.id, fullName: person.displayName, email: person.email, district: v.district?.name ?? null };
    },
    async getPermissions() {
      await session.restore();
      return session.viewer?.permissions.map((p) => p.permission) ?? [];
    },
    async canAccess({ resource, action }: { resource: string; action: string }) {
      await session.restore();
      return canAccess(session.viewer, resource, action);
    },
  };
}
