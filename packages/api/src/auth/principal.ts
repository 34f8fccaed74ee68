import type { ApiScope, AssignmentLike, EffectivePermission } from '@throughline/shared';

/** The caller of one request, as the services see it. Assignments are read fresh from the database each request. */
export type Principal =
  | { kind: 'operator'; operatorId: string }
  | {
      kind: 'staff';
      staffMemberId: string;
      districtId: string;
      assignments: AssignmentLike[];
      permissions: EffectivePermission[];
    }
  | {
      /** An integrator's API client (OAuth client credentials): district-wide, limited to its token's scopes. */
      kind: 'client';
      clientId: string;
      districtId: string;
      scopes: ApiScope[];
      /** What the scopes grant (api-scopes.ts), each reaching the whole district. */
      permissions: EffectivePermission[];
    };

export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;
export type OperatorPrincipal = Extract<Principal, { kind: 'operator' }>;
export type ClientPrincipal = Extract<Principal, { kind: 'client' }>;
/** A caller inside one district: a person, or an API client. */
export type MemberPrincipal = StaffPrincipal | ClientPrincipal;
