import { IsNull } from 'typeorm';
import { effectivePermissions, PLATFORM_OPERATOR, type AssignmentLike } from '@throughline/shared';
import type { TenantTransaction } from '../../db/transaction';
import type { AccessClaims } from '../../auth/tokens';
import type { Principal } from '../../auth/principal';
import { PlatformOperatorEntity } from './platform-operator.entity';
import { RoleAssignmentEntity } from '../role-assignment/role-assignment.entity';

/**
 * Turns verified token claims into the request's principal. Roles are read fresh, so a removed assignment or a
 * deactivated person loses access at once rather than when the token expires. Returns null when the person is
 * gone, inactive, or in a suspended district.
 */
export async function loadPrincipal(tx: TenantTransaction, claims: AccessClaims): Promise<Principal | null> {
  if (claims.roles.includes(PLATFORM_OPERATOR)) {
    await tx.assume({ districtId: null, platformOperator: true });
    const manager = await tx.manager();
    const operator = await manager.findOne(PlatformOperatorEntity, { where: { id: claims.subject, active: true } });
    return operator ? { kind: 'operator', operatorId: operator.id } : null;
  }
  if (!claims.districtId) return null;
  await tx.assume({ districtId: claims.districtId, staffMemberId: claims.subject });
  return loadStaffPrincipal(tx, claims.districtId, claims.subject);
}

export async function loadStaffPrincipal(
  tx: TenantTransaction,
  districtId: string,
  staffMemberId: string,
): Promise<Principal | null> {
  const manager = await tx.manager();
  const rows: { active: boolean; district_status: string }[] = await manager.query(
    `SELECT sm.active, d.status AS district_status FROM staff_member sm JOIN district d ON d.id = sm.district_id
      WHERE sm.district_id = $1 AND sm.id = $2`,
    [districtId, staffMemberId],
  );
  if (!rows[0] || !rows[0].active || rows[0].district_status !== 'ACTIVE') return null;
  const assignments: AssignmentLike[] = (
    await manager.find(RoleAssignmentEntity, { where: { districtId, staffMemberId, validTo: IsNull() } })
  ).map((a) => ({ role: a.role, scope: a.schoolId ? 'SCHOOL' : 'DISTRICT', schoolId: a.schoolId }));
  return { kind: 'staff', staffMemberId, districtId, assignments, permissions: effectivePermissions(assignments) };
}
