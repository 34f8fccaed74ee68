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

export const PRESETS: { id: Preset; name: string; help: string }[] = [
  { id: 'GOOGLE', name: 'Google Workspace', help: 'Issuer https://accounts.google.com' },
  { id: 'MICROSOFT', name: 'Microsoft Entra ID', help: 'Give your tenant (directory) id' },
  { id: 'CLEVER', name: 'Clever', help: 'Issuer https://clever.com' },
  { id: 'CLASSLINK', name: 'ClassLink', help: 'Issuer https://launchpad.classlink.com' },
  { id: 'GENERIC', name: 'Other OpenID Connect provider', help: 'Give its issuer URL (https)' },
];

export const PRESET_NAMES = Object.fromEntries(PRESETS.map((p) => [p.id, p.name])) as Record<Preset, string>;

export const MATCHING_CHOICES = [
  { id: 'VERIFIED_EMAIL', name: 'By verified email, every time' },
  { id: 'LINKED_SUBJECT', name: 'By verified email once, then by the provider’s account id' },
];

export const PROVISIONING_CHOICES = [
  { id: 'OFF', name: 'Off: unknown people are refused' },
  { id: 'INACTIVE_PENDING', name: 'Create them inactive, for an admin to activate' },
  { id: 'DEFAULT_ROLE', name: 'Create them with a default role' },
];

export const DEFAULT_ROLE_CHOICES = [
  { id: 'TEACHER', name: 'Teacher' },
  { id: 'COACH', name: 'Coach' },
  { id: 'SCHOOL_LEADER', name: 'School leader' },
];
