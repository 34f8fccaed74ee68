import type { EntityManager } from 'typeorm';
import { Limits } from '@throughline/shared';
import { managerOf, type RequestContext } from '../../graphql/context';
import { recordAudit } from '../audit/audit.service';
import { RoleAssignmentEntity } from '../role-assignment/role-assignment.entity';
import { CONVERSATIONS_OF_ROLE, refreshUpcomingExpected } from '../session/expected-record';
import type { IdentityProviderEntity } from './identity-provider.entity';
import { IdentityMatching, JitProvisioning } from './presets';
import { normalDomain } from './identity-provider.service';
import type { SsoErrorCode } from './sso-errors';

/** What a provider asserted about the person, after openid-client validated it. */
export interface Identity {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  givenName: string | null;
  familyName: string | null;
  name: string | null;
}

export type Match =
  | { kind: 'staff'; staffMemberId: string }
  /** keep: writes made on the way (a person provisioned inactive) are kept although nobody signs in. */
  | { kind: 'refused'; code: SsoErrorCode; detail: string; keep?: boolean };

interface StaffRow {
  id: string;
  active: boolean;
  deactivated_at: Date | null;
}

function refused(code: SsoErrorCode, detail: string, keep = false): Match {
  return { kind: 'refused', code, detail, keep };
}

/** An inactive person: never activated (provisioned pending), or deactivated. */
function inactive(row: StaffRow): Match {
  return row.deactivated_at === null
    ? refused('ACCOUNT_PENDING', 'provisioned, waiting for an admin to activate them')
    : refused('STAFF_INACTIVE', 'deactivated');
}

/**
 * Matches an identity to a staff member of the provider's district, and of that district only (every statement
 * names the provider's district_id, under the district's row-level security).
 *
 * - LINKED_SUBJECT: a subject linked before is the person, whatever their email says now.
 * - Otherwise the email must be present, verified by the provider, and in one of the allowed domains; it then
 *   matches the person with that email in the district. With LINKED_SUBJECT the subject is linked at that first
 *   match (a person already linked to another subject of this provider is refused: IDENTITY_CONFLICT).
 * - Nobody with that email: just-in-time provisioning as the provider says (OFF refuses).
 * The person must be active. Links and provisioning are audited.
 */
export async function matchIdentity(
  ctx: RequestContext,
  provider: IdentityProviderEntity,
  identity: Identity,
): Promise<Match> {
  const m = await managerOf(ctx);
  const districtId = provider.districtId;
  const linking = provider.matching === IdentityMatching.LINKED_SUBJECT;
  if (linking) {
    const [linked]: StaffRow[] = await m.query(
      `SELECT s.id, s.active, s.deactivated_at FROM staff_identity i
         JOIN staff_member s ON s.district_id = i.district_id AND s.id = i.staff_member_id
        WHERE i.district_id = $1 AND i.provider_id = $2 AND i.subject = $3`,
      [districtId, provider.id, identity.subject],
    );
    if (linked) return linked.active ? { kind: 'staff', staffMemberId: linked.id } : inactive(linked);
  }
  if (!identity.email) return refused('EMAIL_MISSING', 'the provider sent no email');
  if (!identity.emailVerified) return refused('EMAIL_UNVERIFIED', 'the provider does not vouch for the email');
  const at = identity.email.lastIndexOf('@');
  const domain = at > 0 ? normalDomain(identity.email.slice(at + 1)) : null;
  if (!domain || !provider.allowedDomains.includes(domain)) {
    return refused('DOMAIN_NOT_ALLOWED', 'the email is outside the allowed domains');
  }
  const [person]: StaffRow[] = await m.query(
    `SELECT id, active, deactivated_at FROM staff_member WHERE district_id = $1 AND lower(email) = lower($2)`,
    [districtId, identity.email],
  );
  if (person) {
    if (!person.active) return inactive(person);
    if (linking && !(await link(ctx, m, provider, person.id, identity.subject))) {
      return refused('IDENTITY_CONFLICT', 'this person is linked to another account of this provider');
    }
    return { kind: 'staff', staffMemberId: person.id };
  }
  return provision(ctx, m, provider, identity);
}

/** Links a subject to a person; false when the person already has another subject of this provider. */
async function link(
  ctx: RequestContext,
  m: EntityManager,
  provider: IdentityProviderEntity,
  staffMemberId: string,
  subject: string,
): Promise<boolean> {
  const [existing]: { subject: string }[] = await m.query(
    `SELECT subject FROM staff_identity WHERE district_id = $1 AND provider_id = $2 AND staff_member_id = $3`,
    [provider.districtId, provider.id, staffMemberId],
  );
  if (existing) return existing.subject === subject;
  await m.query(
    `INSERT INTO staff_identity (district_id, staff_member_id, provider_id, subject) VALUES ($1, $2, $3, $4)`,
    [provider.districtId, staffMemberId, provider.id, subject],
  );
  await recordAudit(
    ctx,
    {
      action: 'staffIdentity.link',
      entityType: 'StaffMember',
      entityId: staffMemberId,
      fields: ['identityProvider', 'subject'],
      districtId: provider.districtId,
    },
    null,
  );
  return true;
}

/** A name for a provisioned person from the provider's claims: given and family names, else the name, else the email. */
function namesOf(identity: Identity): { givenName: string; familyName: string } {
  const cut = (s: string) => s.slice(0, Limits.NAME_MAX);
  if (identity.givenName && identity.familyName) {
    return { givenName: cut(identity.givenName), familyName: cut(identity.familyName) };
  }
  const words = (identity.name ?? '').split(/\s+/).filter(Boolean);
  if (words.length >= 2) return { givenName: cut(words.slice(0, -1).join(' ')), familyName: cut(words.at(-1)!) };
  const local = (identity.email ?? 'unknown').split('@')[0] || 'unknown';
  return { givenName: cut(identity.givenName ?? words[0] ?? local), familyName: cut(identity.familyName ?? '-') };
}

/** Just-in-time provisioning of a verified person of an allowed domain, as the provider's setting says. */
async function provision(
  ctx: RequestContext,
  m: EntityManager,
  provider: IdentityProviderEntity,
  identity: Identity,
): Promise<Match> {
  if (provider.provisioning === JitProvisioning.OFF) {
    return refused('UNKNOWN_PERSON', 'no staff member with this email, and provisioning is off');
  }
  const districtId = provider.districtId;
  const pending = provider.provisioning === JitProvisioning.INACTIVE_PENDING;
  const names = namesOf(identity);
  const [created]: { id: string }[] = await m.query(
    `INSERT INTO staff_member (district_id, given_name, family_name, email, active)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [districtId, names.givenName, names.familyName, identity.email!.slice(0, Limits.EMAIL_MAX), !pending],
  );
  // Acted by the system (no person is signed in yet), in the provider's district.
  await recordAudit(
    ctx,
    {
      action: 'staffMember.provision',
      entityType: 'StaffMember',
      entityId: created.id,
      fields: ['email', 'familyName', 'givenName', 'identityProvider'],
      districtId,
    },
    null,
  );
  if (!pending && provider.defaultRole) {
    const saved = await m.save(
      RoleAssignmentEntity,
      m.create(RoleAssignmentEntity, {
        districtId,
        staffMemberId: created.id,
        role: provider.defaultRole,
        schoolId: provider.defaultSchoolId,
      }),
    );
    await refreshUpcomingExpected(m, districtId, CONVERSATIONS_OF_ROLE, [
      provider.defaultRole,
      provider.defaultSchoolId,
    ]);
    await recordAudit(
      ctx,
      {
        action: 'roleAssignment.create',
        entityType: 'RoleAssignment',
        entityId: saved.id,
        fields: ['role', 'schoolId', 'staffMemberId'],
        districtId,
      },
      null,
    );
  }
  if (provider.matching === IdentityMatching.LINKED_SUBJECT) {
    await link(ctx, m, provider, created.id, identity.subject);
  }
  if (pending) return refused('ACCOUNT_PENDING', 'provisioned inactive: an admin activates them', true);
  return { kind: 'staff', staffMemberId: created.id };
}
