import { escapeLiteral } from 'pg';
import { effectivePermissions, PLATFORM_OPERATOR, type AssignmentLike } from '@throughline/shared';
import type { TenantTransaction } from '../../db/transaction';
import type { AccessClaims } from '../../auth/tokens';
import type { Principal } from '../../auth/principal';

/**
 * Turns verified token claims into the request's principal. Roles are read fresh, so a removed assignment or a
 * deactivated person loses access at once rather than when the token expires. Returns null when the person is
 * gone, inactive, or in a suspended district.
 */
export async function loadPrincipal(tx: TenantTransaction, claims: AccessClaims): Promise<Principal | null> {
  if (claims.roles.includes(PLATFORM_OPERATOR)) {
    const rows = await tx.open<{ id: string }>(
      { districtId: null, platformOperator: true },
      `SELECT id FROM platform_operator WHERE id = ${escapeLiteral(claims.subject)}::uuid AND active`,
    );
    return rows[0] ? { kind: 'operator', operatorId: rows[0].id } : null;
  }
  if (!claims.districtId) return null;
  const rows = await tx.open<PrincipalRow>(
    { districtId: claims.districtId, staffMemberId: claims.subject },
    STAFF_PRINCIPAL_SQL,
  );
  return staffPrincipalFrom(rows[0], claims.districtId, claims.subject);
}

/**
 * The person named by the claims `app.district_id` and `app.staff_member_id` of this transaction, in one statement:
 * whether they are active, their district's status, and their current role assignments (a function whose plan the
 * database session keeps: migration 1765130000000-StaffPrincipal).
 */
const STAFF_PRINCIPAL_SQL = `SELECT active, district_status, assignments FROM auth_staff_principal()`;

interface PrincipalRow {
  active: boolean;
  district_status: string;
  assignments: { role: AssignmentLike['role']; schoolId: string | null }[];
}

function staffPrincipalFrom(
  row: PrincipalRow | undefined,
  districtId: string,
  staffMemberId: string,
): Principal | null {
  if (!row || !row.active || row.district_status !== 'ACTIVE') return null;
  const assignments: AssignmentLike[] = row.assignments.map((a) => ({
    role: a.role,
    scope: a.schoolId ? 'SCHOOL' : 'DISTRICT',
    schoolId: a.schoolId,
  }));
  return { kind: 'staff', staffMemberId, districtId, assignments, permissions: effectivePermissions(assignments) };
}

/** The person's principal in a transaction whose claims already name them (sign-in, refresh, single sign-on). */
export async function loadStaffPrincipal(
  tx: TenantTransaction,
  districtId: string,
  staffMemberId: string,
): Promise<Principal | null> {
  const rows = await tx.open<PrincipalRow>({ districtId, staffMemberId }, STAFF_PRINCIPAL_SQL);
  return staffPrincipalFrom(rows[0], districtId, staffMemberId);
}
