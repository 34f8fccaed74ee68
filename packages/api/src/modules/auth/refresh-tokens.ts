import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { OperatorRefreshTokenEntity, RefreshTokenEntity } from './refresh-token.entity';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export type TokenOwner =
  { kind: 'staff'; districtId: string; staffMemberId: string } | { kind: 'operator'; operatorId: string };

/** Issues a refresh token in a family (a new family at sign-in; the same family at each rotation). */
export async function issueRefreshToken(
  manager: EntityManager,
  owner: TokenOwner,
  ttlSeconds: number,
  familyId: string = randomUUID(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = newOpaqueToken();
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  const tokenHash = hashToken(token);
  if (owner.kind === 'staff') {
    await manager.insert(RefreshTokenEntity, {
      districtId: owner.districtId,
      staffMemberId: owner.staffMemberId,
      familyId,
      tokenHash,
      expiresAt,
    });
  } else {
    await manager.insert(OperatorRefreshTokenEntity, { operatorId: owner.operatorId, familyId, tokenHash, expiresAt });
  }
  return { token, expiresAt };
}

export async function revokeFamily(
  manager: EntityManager,
  kind: 'staff' | 'operator',
  familyId: string,
): Promise<void> {
  await manager
    .createQueryBuilder()
    .update(kind === 'staff' ? RefreshTokenEntity : OperatorRefreshTokenEntity)
    .set({ revokedAt: () => 'now()' })
    .where('family_id = :familyId AND revoked_at IS NULL', { familyId })
    .execute();
}

/** Ends every open session of a person (deactivation, password reset). */
export async function revokeSessionsOf(
  manager: EntityManager,
  districtId: string,
  staffMemberId: string,
): Promise<void> {
  await manager
    .createQueryBuilder()
    .update(RefreshTokenEntity)
    .set({ revokedAt: () => 'now()' })
    .where('district_id = :districtId AND staff_member_id = :staffMemberId AND revoked_at IS NULL', {
      districtId,
      staffMemberId,
    })
    .execute();
}
