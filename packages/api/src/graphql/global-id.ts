import type { InputChecker } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Where ids are encoded: a list encodes one per row (a strategy page about 2,600), and a Buffer of its own for each
 * was a good part of the page's garbage. Encoding is synchronous, so one scratch buffer serves every call.
 */
const SCRATCH = Buffer.allocUnsafeSlow(256);
/** The longest text (in UTF-16 units) sure to fit the scratch buffer: UTF-8 takes at most 3 bytes for each. */
const SCRATCH_TEXT_MAX = Math.floor(SCRATCH.length / 3);
const COLON = 0x3a;

/**
 * "Type:id" as UTF-8 in the scratch buffer, answering its length in bytes; -1 when it may not fit. Written in two parts
 * around the colon: no "Type:id" text is built only to be encoded.
 */
function scratchText(type: string, id: string): number {
  if (type.length + 1 + id.length > SCRATCH_TEXT_MAX) return -1;
  const colon = SCRATCH.write(type, 0, 'utf8');
  SCRATCH[colon] = COLON;
  return colon + 1 + SCRATCH.write(id, colon + 1, 'utf8');
}

/** Opaque global ids: base64url("Type:uuid"). Clients must not parse them; integrators can rely on `node(id:)`. */
export function toGlobalId(type: string, id: string): string {
  const n = scratchText(type, id);
  if (n < 0) return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
  return SCRATCH.toString('base64url', 0, n);
}

const BASE64URL = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_');

/**
 * toGlobalId(type, id) written into `out` at `at` as its bytes, answering how many: raw answers write their ids so,
 * without a string for each. The caller makes room for 4 bytes per character of `type:id`, and 4 more.
 */
export function writeGlobalId(type: string, id: string, out: Buffer, at: number): number {
  const n = scratchText(type, id);
  if (n < 0) return out.write(toGlobalId(type, id), at, 'latin1');
  let o = at;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (SCRATCH[i] << 16) | (SCRATCH[i + 1] << 8) | SCRATCH[i + 2];
    out[o++] = BASE64URL[v >> 18];
    out[o++] = BASE64URL[(v >> 12) & 63];
    out[o++] = BASE64URL[(v >> 6) & 63];
    out[o++] = BASE64URL[v & 63];
  }
  // base64url without padding: the last one or two bytes make two or three characters.
  if (n - i === 1) {
    const v = SCRATCH[i] << 16;
    out[o++] = BASE64URL[v >> 18];
    out[o++] = BASE64URL[(v >> 12) & 63];
  } else if (n - i === 2) {
    const v = (SCRATCH[i] << 16) | (SCRATCH[i + 1] << 8);
    out[o++] = BASE64URL[v >> 18];
    out[o++] = BASE64URL[(v >> 12) & 63];
    out[o++] = BASE64URL[(v >> 6) & 63];
  }
  return o - at;
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
