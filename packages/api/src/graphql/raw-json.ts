import {
  getNamedType,
  getNullableType,
  Kind,
  isLeafType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  responsePathAsArray,
  type FieldNode,
  type GraphQLFieldMap,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Path } from 'graphql/jsutils/Path';
import { guardOf } from '../auth/guard';
import { toGlobalId, writeGlobalId } from './global-id';
import { DateTimeISO, LocalDate } from './scalars';

/**
 * A subtree of the answer written as JSON text where its rows arrive, and passed through to the answer's bytes as it
 * is: no record per row, no result object per row for the executor to build, no second walk to stringify them.
 *
 * A read-ahead (strategy/read-ahead.ts and those it nests) already has, in the arrays PostgreSQL sent, every value a
 * subtree shows. When every field of that subtree is a plain property of the records it would build (no resolver in
 * the schema: graphql-jit reads the property; see direct-resolvers.ts) or a nested read-ahead of the same kind, and
 * the selection is plain fields (no fragment, no directive, each field once), the text is what execution would have
 * produced: the same keys in the same order (aliases included), each leaf through its own type's serializer. Anything
 * else (a fragment, a guarded or computed field, a field left to its loader) and the plan is null: the records are
 * built and executed as before.
 *
 * The subtree's field answers an empty list (`passThrough`), and the text is put in its place once execution is done
 * (`spliceRawAnswers`), so that errors, nulls and the rest of the answer are the executor's own. The answer's writer
 * (http/json-body.ts) sends the bytes as they are; anything else stringifying the answer gets the parsed value.
 *
 * The text is kept as UTF-8 bytes outside V8's heap, not as a string: an answer lives across the request's last
 * round trips, and whatever young collection runs then copied a 50-strategy page's 330 KB of text, twice, into the
 * old generation (ARCHITECTURE.md, "A request").
 */
export class RawJson {
  constructor(readonly bytes: Buffer) {}

  /** The JSON text (tests, toJSON). */
  get text(): string {
    return this.bytes.toString('utf8');
  }

  /** What JSON.stringify writes for it anywhere else (the same value, parsed back). */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** A row as its statement sent it: an array (or, for a facilitator, an object) parsed from PostgreSQL's JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RawRow = any;

/**
 * How an object type's fields are read from its row: each leaf as the value its record's property would hold, each
 * nested read-ahead as its row (an object field) or rows (a list field) and their own shape. A field not named here
 * cannot be written from the row.
 */
export interface RawShape {
  /** The object type's name in the schema. */
  type: string;
  leaves: Record<string, (row: RawRow) => unknown>;
  nested?: Record<string, { of: (row: RawRow) => unknown; shape: RawShape }>;
}

/** A selection as raw writing needs it: the one field's sub-selection, and the schema. */
export interface RawSelection {
  schema: GraphQLSchema;
  /** The sub-selection of the one field selected here (several nodes of one field: null). */
  selectionSet: SelectionSetNode | null;
}

/**
 * A row's JSON written at the end of the shared output (see Out) by `emit`; called as a function, the row's JSON alone
 * as text.
 */
export type RawWriter = ((row: RawRow) => string) & { readonly emit: (row: RawRow) => void };

/**
 * A leaf whose value is written between quotes as it is: it is already the text its type's serializer answers, in
 * characters JSON never escapes (a global id is base64url; a time as DateTimeISO writes it). Neither the serializer
 * nor JSON.stringify runs on it: a strategy page writes thousands.
 */
export type QuotedLeaf = ((row: RawRow) => string | null | undefined) & {
  readonly quoted: true;
  /** A global id's type and raw id, for writing it without its text (writeGlobalId). */
  readonly globalId?: { type: string; read: (row: RawRow) => string };
};

export function quotedLeaf(read: (row: RawRow) => string | null | undefined): QuotedLeaf {
  return Object.assign(read, { quoted: true as const });
}

/** The leaf `id` of a row whose raw id `read` gives: its global id of `type`. */
export function globalIdLeaf(type: string, read: (row: RawRow) => string): QuotedLeaf {
  return Object.assign((row: RawRow) => toGlobalId(type, read(row)), {
    quoted: true as const,
    globalId: { type, read },
  });
}

/**
 * Scalars whose serialized text never holds a character JSON escapes (digits, letters, '-', ':', '.', '+'): quoted
 * as they are, as enum values (GraphQL names) are.
 */
const UNESCAPED_SCALARS = new Set([DateTimeISO.name, LocalDate.name]);

/**
 * Where raw answers are written: UTF-8 bytes in one buffer, reused (writing is synchronous, and each list is copied
 * out as bytes of its own before the next starts), so that a page writes no string per key, value or punctuation.
 * Built as strings, a 50-strategy page's writing made about 1.8 MB of garbage for a 330 KB answer.
 */
const OUT_KEPT_BYTES = 1 << 20;
const out = { buf: Buffer.allocUnsafeSlow(64 * 1024), at: 0 };

/** Room for `n` more bytes. */
function room(n: number): void {
  if (out.at + n <= out.buf.length) return;
  const grown = Buffer.allocUnsafeSlow(Math.max(out.buf.length * 2, out.at + n));
  out.buf.copy(grown, 0, 0, out.at);
  out.buf = grown;
}

function putBytes(bytes: Uint8Array): void {
  room(bytes.length);
  const { buf } = out;
  let at = out.at;
  for (let i = 0; i < bytes.length; i++) buf[at++] = bytes[i];
  out.at = at;
}

function putText(text: string): void {
  room(text.length * 3);
  out.at += out.buf.write(text, out.at);
}

function putByte(byte: number): void {
  room(1);
  out.buf[out.at++] = byte;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CLOSE_LIST = 0x5d;
const CLOSE_OBJECT = 0x7d;

/** What `emit` writes, as bytes of its own (copied from where it started); the output is left as it was. */
function written(emit: () => void): Buffer {
  const start = out.at;
  try {
    emit();
    const bytes = Buffer.allocUnsafe(out.at - start);
    out.buf.copy(bytes, 0, start, out.at);
    return bytes;
  } finally {
    out.at = start;
    // A very large list keeps no buffer of its size once written.
    if (start === 0 && out.buf.length > OUT_KEPT_BYTES) out.buf = Buffer.allocUnsafeSlow(64 * 1024);
  }
}

/**
 * The JSON writer of `shape` for `selection`, or null when the selection cannot be written from rows (see above).
 * Leaves are written as execution writes them: null as null (a non-null one cannot be null: its column is NOT NULL,
 * and a writer meeting one throws rather than answer what execution would not), else its type's `serialize`.
 */
export function rawWriter(selection: RawSelection, shape: RawShape): RawWriter | null {
  const type = selection.schema.getType(shape.type);
  const set = selection.selectionSet;
  if (!set || !isObjectType(type)) return null;
  const defs: GraphQLFieldMap<unknown, unknown> = type.getFields();
  const names = new Set<string>();
  const keys = new Set<string>();
  const parts: ((row: RawRow) => void)[] = [];
  for (const node of set.selections) {
    if (node.kind !== 'Field' || node.directives?.length) return null;
    const name = node.name.value;
    const key = (node.alias ?? node.name).value;
    if (names.has(name) || keys.has(key)) return null;
    names.add(name);
    keys.add(key);
    const headText = `${parts.length ? ',' : '{'}${JSON.stringify(key)}:`;
    const head = Buffer.from(headText);
    if (name === '__typename') {
      const bytes = Buffer.from(headText + JSON.stringify(shape.type));
      parts.push(() => putBytes(bytes));
      continue;
    }
    const def = defs[name];
    if (!def) return null;
    const nonNull = isNonNullType(def.type);
    /** The key and null (a nullable field only). */
    const writeNull = () => {
      putBytes(head);
      putText(nullable(nonNull, shape.type, name));
    };
    const leaf = shape.leaves[name];
    if (leaf) {
      const leafType = getNullableType(def.type);
      // A resolver (a guard, a computed field) would answer something other than the property: not written here.
      if (def.resolve || node.arguments?.length || node.selectionSet || !isLeafType(leafType)) return null;
      // The key and the value's opening quote.
      const headQuote = Buffer.from(`${headText}"`);
      const quoted = leaf as Partial<QuotedLeaf>;
      const globalId = quoted.globalId;
      if (globalId) {
        const { type: idType, read } = globalId;
        parts.push((row) => {
          const id = read(row) as string | null | undefined;
          if (id === null || id === undefined) return writeNull();
          putBytes(headQuote);
          room(4 * (idType.length + 1 + id.length) + 5);
          out.at += writeGlobalId(idType, id, out.buf, out.at);
          out.buf[out.at++] = QUOTE;
        });
        continue;
      }
      if (quoted.quoted) {
        parts.push((row) => {
          const value = leaf(row) as string | null | undefined;
          if (value === null || value === undefined) return writeNull();
          putBytes(headQuote);
          putText(value);
          putByte(QUOTE);
        });
        continue;
      }
      const unescaped = isEnumType(leafType) || UNESCAPED_SCALARS.has(leafType.name);
      parts.push((row) => {
        const value = leaf(row);
        if (value === null || value === undefined) return writeNull();
        const serialized: unknown = leafType.serialize(value);
        // As execution: a serializer answering nothing is an error, not a missing key.
        if (serialized === null || serialized === undefined) throw new Error(`raw answer: ${shape.type}.${name}`);
        if (unescaped && typeof serialized === 'string') {
          putBytes(headQuote);
          putText(serialized);
          putByte(QUOTE);
        } else {
          putBytes(head);
          putText(JSON.stringify(serialized));
        }
      });
      continue;
    }
    const nested = shape.nested?.[name];
    if (!nested) return null;
    // A guarded field's middleware runs with its resolver: not skipped here (the read-ahead applies the scopes of the
    // loaders it stands in for, not a field's own guard).
    if (guarded(def.extensions)) return null;
    const inner = getNullableType(def.type);
    const child = rawWriter({ schema: selection.schema, selectionSet: node.selectionSet ?? null }, nested.shape);
    if (!child) return null;
    const { emit } = child;
    if (isListType(inner)) {
      const headOpen = Buffer.from(`${headText}[`);
      // Items of a list read ahead are never null (each is a row).
      parts.push((row) => {
        const items = nested.of(row) as RawRow[] | null | undefined;
        if (!items) return writeNull();
        putBytes(headOpen);
        for (let i = 0; i < items.length; i++) {
          if (i) putByte(COMMA);
          emit(items[i]);
        }
        putByte(CLOSE_LIST);
      });
    } else {
      parts.push((row) => {
        const item = nested.of(row);
        if (item === null || item === undefined) return writeNull();
        putBytes(head);
        emit(item);
      });
    }
  }
  if (!parts.length) return null;
  const emit = (row: RawRow) => {
    for (let i = 0; i < parts.length; i++) parts[i](row);
    putByte(CLOSE_OBJECT);
  };
  return Object.assign((row: RawRow) => written(() => emit(row)).toString('utf8'), { emit });
}

const OPEN_LIST = Buffer.from('[');

/** Rows written as one JSON list of `writer`'s objects, as bytes to pass through. */
export function rawList<R>(writer: RawWriter, rows: readonly R[]): RawJson {
  const { emit } = writer;
  return new RawJson(
    written(() => {
      putBytes(OPEN_LIST);
      for (let i = 0; i < rows.length; i++) {
        if (i) putByte(COMMA);
        emit(rows[i]);
      }
      putByte(CLOSE_LIST);
    }),
  );
}

function guarded(extensions: Readonly<Record<string, unknown>> | null | undefined): boolean {
  const guard = guardOf({ extensions });
  return guard.allow.length > 0 || guard.peopleOnly || guard.public || guard.signedIn;
}

function nullable(nonNull: boolean, type: string, field: string): string {
  if (nonNull) throw new Error(`raw answer: ${type}.${field} is non-null and its row has none`);
  return 'null';
}

/**
 * The path of the field `name` selected once, as a plain field, directly under the field `info` resolves (a
 * connection's `nodes`), for passThrough; null when it is not so selected (behind a fragment, with a directive,
 * twice): the answer is then built as records.
 */
export function childPath(info: GraphQLResolveInfo, name: string): Path | null {
  if (info.fieldNodes.length !== 1) return null;
  let found: FieldNode | null = null;
  for (const node of info.fieldNodes[0].selectionSet?.selections ?? []) {
    if (node.kind !== Kind.FIELD) return null;
    if (node.name.value !== name) continue;
    if (found || node.directives?.length) return null;
    found = node;
  }
  if (!found) return null;
  return { prev: info.path, key: (found.alias ?? found.name).value, typename: getNamedType(info.returnType).name };
}

/** Answers waiting to be put in place, by request context. */
const pending = new WeakMap<object, { path: Path; json: RawJson }[]>();
/** The objects and arrays of answers that hold raw text somewhere below them (the writer walks these). */
const holders = new WeakSet<object>();
/** Texts put in place since the process started (tests: which path an answer took). */
let spliced = 0;

/**
 * What a field whose subtree was written as text answers to the executor: an empty list, replaced by `json` once
 * execution is done (spliceRawAnswers). `path` is the field's own (its resolve info's).
 */
export function passThrough(ctx: object, path: Path, json: RawJson): [] {
  let list = pending.get(ctx);
  if (!list) pending.set(ctx, (list = []));
  list.push({ path, json });
  return [];
}

/**
 * Puts the request's raw answers in `data` (an executed answer's data), each where its field answered the empty list.
 * A field whose parent became null (an error elsewhere) has no place left: its text goes nowhere.
 */
export function spliceRawAnswers(ctx: object, data: unknown): void {
  const list = pending.get(ctx);
  if (!list) return;
  pending.delete(ctx);
  for (const { path, json } of list) {
    const keys = responsePathAsArray(path);
    let at = data as Record<string | number, unknown> | null;
    const walked: object[] = [];
    for (let i = 0; i < keys.length - 1 && at; i++) {
      walked.push(at);
      at = (typeof at[keys[i]] === 'object' ? at[keys[i]] : null) as Record<string | number, unknown> | null;
    }
    const last = keys[keys.length - 1];
    const placeholder = at?.[last];
    if (!at || !Array.isArray(placeholder) || placeholder.length) continue;
    at[last] = json;
    spliced++;
    holders.add(at);
    for (const o of walked) holders.add(o);
  }
}

/** Whether `value` (an object or array of an answer) holds raw text below it. */
export function holdsRaw(value: object): boolean {
  return holders.has(value);
}

/** How many raw texts have been put in answers so far (tests). */
export function rawAnswersSpliced(): number {
  return spliced;
}
