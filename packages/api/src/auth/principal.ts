import type { AssignmentLike, EffectivePermission } from '@throughline/shared';

/** The caller of one request, as the services see it. Assignments are read fresh from the database each request. */
export type Principal =
  | { kind: 'operator'; operatorId: string }
  | {
      kind: 'staff';
      staffMemberId: string;
      districtId: string;
      assignments: AssignmentLike[];
      permissions: EffectivePermission[];
    };

export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;
export type OperatorPrincipal = Extract<Principal, { kind: 'operator' }>;
