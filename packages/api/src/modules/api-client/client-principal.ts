import { isApiScope, scopePermissions, type ApiScope } from '@throughline/shared';
import type { EntityManager } from 'typeorm';
import type { TenantTransaction } from '../../db/transaction';
import type { AccessClaims } from '../../auth/tokens';
import type { ClientPrincipal } from '../../auth/principal';
import { callerInet } from './secrets';

/** last_used_at moves at most once a minute: a busy client costs one UPDATE a minute, not one a request. */
export const LAST_USED_RESOLUTION = '1 minute';

interface ClientRow {
  scopes: string[];
  address_allowed: boolean;
}

/**
 * The client, when it may act now: not revoked, its district active, the secret its token was issued for neither
 * revoked nor past its grace period, and (when it has allowed addresses) called from one of them. One indexed
 * statement; null otherwise. Wall 2 is the client's district in app.district_id, set by the caller.
 */
export async function usableClient(
  manager: EntityManager,
  districtId: string,
  clientId: string,
  secretId: string | null,
  address: string,
): Promise<ClientRow | null> {
  const rows: ClientRow[] = await manager.query(
    `SELECT c.scopes,
            (cardinality(c.allowed_addresses) = 0 OR coalesce($4::inet <<= ANY (c.allowed_addresses), false)) AS address_allowed
       FROM api_client c
       JOIN district d ON d.id = c.district_id
      WHERE c.district_id = $1 AND c.id = $2 AND c.revoked_at IS NULL AND d.status = 'ACTIVE'
        AND ($3::uuid IS NULL OR EXISTS (
              SELECT 1 FROM api_client_secret s
               WHERE s.district_id = c.district_id AND s.client_id = c.id AND s.id = $3::uuid
                 AND s.revoked_at IS NULL AND (s.expires_at IS NULL OR s.expires_at > now())))`,
    [districtId, clientId, secretId, callerInet(address)],
  );
  return rows[0] ?? null;
}

/** Stamps last_used_at unless it moved in the last minute; never waits for a request that holds the row. */
export async function touchClient(manager: EntityManager, districtId: string, clientId: string): Promise<void> {
  await manager.query(
    `UPDATE api_client SET last_used_at = now()
      WHERE district_id = $1 AND id = (
        SELECT id FROM api_client WHERE district_id = $1 AND id = $2
           AND (last_used_at IS NULL OR last_used_at < now() - interval '${LAST_USED_RESOLUTION}')
           FOR UPDATE SKIP LOCKED)`,
    [districtId, clientId],
  );
}

/**
 * Turns a client token's verified claims into the request's principal, read fresh like a person's roles: a revoked
 * client, a rotated-out or revoked secret, a suspended district or a call from outside the allowed addresses stops
 * its tokens at once. The token's scopes count only as far as the client still holds them (an admin who narrows a
 * client's scopes narrows its live tokens too).
 */
export async function loadClientPrincipal(
  tx: TenantTransaction,
  claims: AccessClaims,
  address: string,
): Promise<ClientPrincipal | null> {
  if (!claims.client || !claims.districtId) return null;
  await tx.assume({ districtId: claims.districtId });
  const manager = await tx.manager();
  const row = await usableClient(manager, claims.districtId, claims.subject, claims.client.secretId, address);
  if (!row || !row.address_allowed) return null;
  const scopes = claims.client.scopes.filter((s): s is ApiScope => isApiScope(s) && row.scopes.includes(s));
  await touchClient(manager, claims.districtId, claims.subject);
  return {
    kind: 'client',
    clientId: claims.subject,
    districtId: claims.districtId,
    scopes,
    permissions: scopePermissions(scopes),
  };
}
