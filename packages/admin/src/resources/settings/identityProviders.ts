/** The identity providers card's shared vocabulary: the GraphQL it reads, and the presets' words. */
export interface IdentityProviderRecord {
  id: string;
  name: string;
  preset: Preset;
  issuer: string;
  tenantId: string | null;
  clientId: string;
  clientSecretSet: boolean;
  allowedDomains: string[];
  matching: 'VERIFIED_EMAIL' | 'LINKED_SUBJECT';
  provisioning: 'OFF' | 'INACTIVE_PENDING' | 'DEFAULT_ROLE';
  defaultRole: string | null;
  defaultSchoolId: string | null;
  enabled: boolean;
  version: number;
}

export type Preset = 'GOOGLE' | 'MICROSOFT' | 'CLEVER' | 'CLASSLINK' | 'GENERIC';

export const PROVIDER_FIELDS = `id name preset issuer tenantId clientId clientSecretSet allowedDomains matching provisioning
  defaultRole defaultSchoolId enabled version`;

export const PROVIDERS_KEY = ['identityProviders'];
export const PROVIDERS_QUERY = `{ identityProviders(first: 100) { nodes { ${PROVIDER_FIELDS} } }
  signInSettings { passwordSignIn } }`;

/** The presets; `name` and `help` are message keys (tl.settings.sso.presets.*). */
export const PRESETS: { id: Preset; name: string; help: string }[] = (
  ['GOOGLE', 'MICROSOFT', 'CLEVER', 'CLASSLINK', 'GENERIC'] as const
).map((id) => ({ id, name: `tl.settings.sso.presets.${id}.name`, help: `tl.settings.sso.presets.${id}.help` }));

/** Each preset's name, as a message key. */
export const PRESET_NAMES = Object.fromEntries(PRESETS.map((p) => [p.id, p.name])) as Record<Preset, string>;

/** Choices whose `name` is a message key under `tl.settings.sso.<group>`. */
const keyed = (group: string, ids: string[]) => ids.map((id) => ({ id, name: `tl.settings.sso.${group}.${id}` }));

export const MATCHING_CHOICES = keyed('matching', ['VERIFIED_EMAIL', 'LINKED_SUBJECT']);

export const PROVISIONING_CHOICES = keyed('provisioning', ['OFF', 'INACTIVE_PENDING', 'DEFAULT_ROLE']);

export const DEFAULT_ROLE_CHOICES = keyed('roles', ['TEACHER', 'COACH', 'SCHOOL_LEADER']);
