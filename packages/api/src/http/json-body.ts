import type { ServerResponse } from 'node:http';
import { holdsRaw, RawJson } from '../graphql/raw-json';

/**
 * A large JSON answer written without ever holding its whole text as one string, in reused memory.
 *
 * `res.send(JSON.stringify(answer))` flattens the text into one string and copies it into one new buffer: past
 * 128 KiB, V8 gives such a string a mapping of its own (large-object space) and the buffer comes fresh from malloc,
 * and on a VM that hands freed memory back to its host (free page reporting, as on this product's CI machines)
 * every first touch of a page is a fault the host serves: a strategy page of 330 KB spent about 3 ms there, more than
 * the JSON itself. Here the answer's first levels (a handful of objects: `data`, the root fields, a connection, its
 * nodes) are walked, each value below them is stringified on its own (a few kilobytes: young-generation strings),
 * and the text goes straight into slabs of 64 KiB kept between answers, returned once the response has finished
 * (written to the socket, or to the compression stream that has ended by then).
 *
 * The bytes are those of `JSON.stringify(value)` followed by a newline (Apollo's own answer), which the tests check.
 */

/** One slab's bytes; a value whose text is larger gets a buffer of its own (not kept). */
export const SLAB_BYTES = 64 * 1024;
/** Slabs kept for later answers (4 MiB): enough for several large answers at once. */
const KEPT_MAX = 64;
/** Levels walked before values are stringified whole: the root, `data`, a root field, its connection's list. */
const WALKED_LEVELS = 4;
/** A value stringified whole whose text is longer than this is walked instead (its members stringified each). */
const WHOLE_MAX = SLAB_BYTES / 4;

const kept: Buffer[] = [];

function takeSlab(): Buffer {
  return kept.pop() ?? Buffer.allocUnsafeSlow(SLAB_BYTES);
}

/** Slabs no longer read by anything (the response that held them has finished). */
function giveBack(slabs: Buffer[]): void {
  for (const slab of slabs) if (kept.length < KEPT_MAX) kept.push(slab);
}

/** How many slabs are kept now (tests). */
export function keptSlabs(): number {
  return kept.length;
}

/** Arrays and plain objects: what JSON.stringify writes member by member (no toJSON of their own). */
function walkable(value: unknown): value is Record<string, unknown> | unknown[] {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value) as object | null;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

class SlabWriter {
  /** Every slab taken (given back once the answer is written). */
  readonly slabs: Buffer[] = [];
  /** What to write: views of the slabs, in order. */
  readonly chunks: Buffer[] = [];
  bytes = 0;
  private slab: Buffer | null = null;
  private start = 0;
  private offset = 0;

  text(s: string): void {
    if (s.length === 0) return;
    const room = this.slab ? this.slab.length - this.offset : 0;
    // At most 3 bytes of UTF-8 per UTF-16 unit: count exactly only when that bound does not fit.
    if (s.length * 3 > room) {
      const n = Buffer.byteLength(s);
      if (n > room) {
        this.seal();
        if (n > SLAB_BYTES) {
          this.chunks.push(Buffer.from(s));
          this.bytes += n;
          return;
        }
        this.slab = takeSlab();
        this.slabs.push(this.slab);
        this.start = this.offset = 0;
      }
    }
    const written = this.slab!.write(s, this.offset);
    this.offset += written;
    this.bytes += written;
  }

  /** Bytes sent as they are, between what was written before and after them (no copy into a slab). */
  buffer(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.seal();
    this.chunks.push(bytes);
    this.bytes += bytes.length;
  }

  /** A value's JSON: walked for the first levels and wherever its text is large, else stringified whole. */
  value(value: unknown, level: number): boolean {
    // Text written where its rows arrived (graphql/raw-json.ts) goes in as it is, and what holds some is walked to it.
    if (value instanceof RawJson) {
      this.buffer(value.bytes);
      return true;
    }
    if (
      (level >= WALKED_LEVELS && !(value !== null && typeof value === 'object' && holdsRaw(value))) ||
      !walkable(value)
    ) {
      const whole = JSON.stringify(value) as string | undefined;
      if (whole === undefined) return false;
      if (whole.length <= WHOLE_MAX || !walkable(value)) {
        this.text(whole);
        return true;
      }
    }
    const members = value as Record<string, unknown> | unknown[];
    if (Array.isArray(members)) {
      this.text('[');
      for (let i = 0; i < members.length; i++) {
        if (i > 0) this.text(',');
        // As JSON.stringify: a member it would leave out (undefined, a function, a symbol) is null in an array.
        if (!this.value(members[i], level + 1)) this.text('null');
      }
      this.text(']');
      return true;
    }
    let first = true;
    this.text('{');
    for (const key of Object.keys(members)) {
      const item = members[key];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      this.text(`${first ? '' : ','}${JSON.stringify(key)}:`);
      this.value(item, level + 1);
      first = false;
    }
    this.text('}');
    return true;
  }

  /** Ends the current slab's view. */
  seal(): void {
    if (this.slab && this.offset > this.start) this.chunks.push(this.slab.subarray(this.start, this.offset));
    this.start = this.offset;
  }
}

/**
 * The bytes of `JSON.stringify(value) + '\n'` as views of slabs, and the slabs to give back (`release`) once nothing
 * reads the views any more. A value JSON.stringify would not write (undefined) writes `null`, as Apollo never asks.
 */
export function jsonChunks(value: unknown): { chunks: Buffer[]; bytes: number; release: () => void } {
  const writer = new SlabWriter();
  if (!writer.value(value, 0)) writer.text('null');
  writer.text('\n');
  writer.seal();
  let released = false;
  return {
    chunks: writer.chunks,
    bytes: writer.bytes,
    release: () => {
      if (released) return;
      released = true;
      giveBack(writer.slabs);
    },
  };
}

/**
 * Ends `res` with `value` as JSON (and a newline), Content-Length set; the headers (Content-Type, status) are the
 * caller's. The slabs go back when the response has finished; a response closed before (its client gone) keeps them
 * until the garbage collector takes them, since a write may still hold them.
 */
export function endWithJson(res: ServerResponse, value: unknown): void {
  const { chunks, bytes, release } = jsonChunks(value);
  res.setHeader('content-length', String(bytes));
  res.once('finish', release);
  const last = chunks.length - 1;
  for (let i = 0; i < last; i++) res.write(chunks[i]);
  res.end(chunks[last]);
}
