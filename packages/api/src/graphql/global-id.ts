import type { InputChecker } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque global ids: base64url("Type:uuid"). Clients must not parse them; integrators can rely on `node(id:)`. */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export function fromGlobalId(globalId: string): { type: string; id: string } | null {
  if (typeof globalId !== 'string' || globalId.length > 200) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const sep = decoded.indexOf(':');
  if (sep < 1) return null;
  const type = decoded.slice(0, sep);
  const id = decoded.slice(sep + 1);
  return UUID.test(id) && /^[A-Za-z]+$/.test(type) ? { type, id } : null;
}

/**
 * The uuid inside a global id of the expected type, or null when it is malformed or names another type.
 * Callers answer null with NOT_FOUND: a wrong id and another district's id must look the same.
 */
export function idOf(globalId: string, type: string): string | null {
  const parsed = fromGlobalId(globalId);
  return parsed && parsed.type === type ? parsed.id : null;
}

/**
 * A uuid that no row has. What a malformed global id, or one naming another type, decodes to at the edge: it then
 * finds nothing, exactly like another district's id, so services never see a global id nor a special case.
 */
export const NO_SUCH_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Decodes a global id at the edge (resolver arguments and inputs) into the domain id services take. Services
 * never decode: they receive uuids and answer NOT_FOUND (or name the field) when nothing is found.
 */
export function decodeId(globalId: string, type: string): string {
  return idOf(globalId, type) ?? NO_SUCH_ID;
}

/** decodeId for an optional reference: absent stays absent (null or undefined), present is decoded. */
export function decodeOptionalId<T extends null | undefined>(globalId: string | T, type: string): string | T {
  return globalId === null || globalId === undefined ? (globalId as T) : decodeId(globalId, type);
}

/** decodeId for a list of references. */
export function decodeIds(globalIds: readonly string[], type: string): string[] {
  return globalIds.map((g) => decodeId(g, type));
}

/**
 * A reference that must at least be well-formed (a filter's, or one an input names where "no such record" would
 * mislead): absent (null, undefined or '') stays undefined; a malformed id or one of another type is noted on the
 * checker as `Not a <Type> id` on its field, so the caller answers BAD_USER_INPUT with every such field at once.
 */
export function wellFormedId(
  c: InputChecker,
  field: string,
  globalId: string | null | undefined,
  type: string,
): string | undefined {
  if (!globalId) return undefined;
  const id = idOf(globalId, type);
  c.check(id !== null, field, `Not a ${type} id`);
  return id ?? undefined;
}
