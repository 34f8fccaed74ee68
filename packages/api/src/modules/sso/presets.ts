/**
 * The identity providers a district can pick, and what each fixes. Google, Clever and ClassLink have one issuer for
 * everyone (so the allowed email domains are what keeps other organisations out); Microsoft Entra ID has one per
 * tenant; any other OpenID Connect issuer is GENERIC. docs/sso.md says how to register Throughline with each.
 */
export enum IdentityProviderPreset {
  GOOGLE = 'GOOGLE',
  MICROSOFT = 'MICROSOFT',
  CLEVER = 'CLEVER',
  CLASSLINK = 'CLASSLINK',
  GENERIC = 'GENERIC',
}

/** How a signed-in identity finds its staff member. */
export enum IdentityMatching {
  /** Every time by the verified email, within the allowed domains. */
  VERIFIED_EMAIL = 'VERIFIED_EMAIL',
  /** The first time by the verified email; from then on by the provider's subject id (email changes do not matter). */
  LINKED_SUBJECT = 'LINKED_SUBJECT',
}

/** What happens to a verified person of an allowed domain whom no staff record matches. */
export enum JitProvisioning {
  /** Refused (the default). */
  OFF = 'OFF',
  /** Created inactive: an admin activates them (and gives them a role) before they can sign in. */
  INACTIVE_PENDING = 'INACTIVE_PENDING',
  /** Created active with the provider's default role (and school), and signed in. */
  DEFAULT_ROLE = 'DEFAULT_ROLE',
}

/** The issuer a preset fixes, or null when the admin gives it (GENERIC) or it needs a tenant (MICROSOFT). */
export const FIXED_ISSUERS: Readonly<Partial<Record<IdentityProviderPreset, string>>> = {
  GOOGLE: 'https://accounts.google.com',
  CLEVER: 'https://clever.com',
  CLASSLINK: 'https://launchpad.classlink.com',
};

/** Microsoft Entra ID's v2.0 issuer of one tenant (its directory id, a uuid). */
export function microsoftIssuer(tenantId: string): string {
  return `https://login.microsoftonline.com/${tenantId}/v2.0`;
}

/** The tenant id of a Microsoft issuer, or null. */
export function microsoftTenantOf(issuer: string): string | null {
  const match = /^https:\/\/login\.microsoftonline\.com\/([0-9a-f-]{36})\/v2\.0$/i.exec(issuer);
  return match ? match[1].toLowerCase() : null;
}

/** What Throughline asks every provider for: the subject, the email (and whether it is verified), the name. */
export const SSO_SCOPES = 'openid email profile';
