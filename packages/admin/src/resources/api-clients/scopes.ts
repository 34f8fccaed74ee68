import type { TranslateFunction } from 'react-admin';
import { API_SCOPES, SCOPE_PERMISSIONS } from '@throughline/shared';

/**
 * The scopes a client may hold, from the shared table, with what each opens (its permissions, in words:
 * tl.apiClients.permissions.*, or the permission's own name for one without words yet). The scope stays as written.
 */
export function scopeChoices(translate: TranslateFunction) {
  return API_SCOPES.map((scope) => ({
    id: scope,
    name: `${scope} — ${SCOPE_PERMISSIONS[scope]
      .map((p) => translate(`tl.apiClients.permissions.${p}`, { _: p.toLowerCase().replace(/_/g, ' ') }))
      .join(', ')}`,
  }));
}

/** Addresses typed one per line (or separated by commas or spaces), as the API takes them: a list. */
export function addressesFromText(text: unknown): string[] {
  return String(text ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
