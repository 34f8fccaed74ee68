import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { addPath } from 'graphql/jsutils/Path';
import { endWithJson, jsonChunks, keptSlabs, SLAB_BYTES } from '../json-body';
import { passThrough, RawJson, spliceRawAnswers } from '../../graphql/raw-json';

/** What Apollo would send for `value`: the bytes every answer written in slabs must equal. */
const apollo = (value: unknown) => Buffer.from(JSON.stringify(value) + '\n');
const bytesOf = (value: unknown) => {
  const { chunks, bytes, release } = jsonChunks(value);
  const out = Buffer.concat(chunks);
  release();
  expect(out.length).toBe(bytes);
  return out;
};

/** A page as GraphQL answers it: data > root field > connection > nodes, each node with nested lists. */
function page(nodes: number, actionsEach: number, text = 'é ✓ 𝄞 "quoted" \\ \n'): unknown {
  return {
    data: {
      strategies: {
        nodes: Array.from({ length: nodes }, (_, i) => ({
          id: `U3RyYXRlZ3k6${i}`,
          title: `${text}${i}`,
          mappings: Array.from({ length: 3 }, (_, m) => ({
            conversation: {
              id: `c${i}-${m}`,
              recentSessions: Array.from({ length: 3 }, (_, s) => ({
                id: `s${i}-${m}-${s}`,
                scheduledAt: '2026-11-30T10:00:00.000Z',
                actions: Array.from({ length: actionsEach }, (_, a) => ({ id: `a${a}`, status: 'OPEN', dueOn: null })),
              })),
            },
          })),
        })),
      },
    },
  };
}

describe('jsonChunks: an answer in slabs is byte for byte what JSON.stringify writes', () => {
  it('small and large answers, with non-ASCII text, escapes, nulls and empty containers', () => {
    for (const value of [
      { data: null },
      { data: {}, errors: [] },
      { data: { a: [], b: {}, c: null, d: 0, e: -1.5e-7, f: true, g: '' } },
      page(1, 1),
      page(50, 5),
      page(400, 3),
    ])
      expect(bytesOf(value).equals(apollo(value))).toBe(true);
  });

  it('members JSON.stringify leaves out (undefined, functions, symbols) are left out of objects and null in arrays', () => {
    const value = {
      errors: undefined,
      data: { list: [1, undefined, () => 1, Symbol('s'), 2], skipped: undefined, fn: () => 1, sym: Symbol('t'), k: 1 },
      extensions: undefined,
    };
    expect(bytesOf(value).toString()).toBe(JSON.stringify(value) + '\n');
  });

  it('values with their own toJSON, and objects of a class, are written as JSON.stringify writes them', () => {
    const at = new Date(Date.UTC(2026, 10, 30, 8, 0, 0));
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    const value = { data: { at, point: new Point(1, 2), custom: { toJSON: () => 'custom' } } };
    expect(bytesOf(value).toString()).toBe(JSON.stringify(value) + '\n');
  });

  it('text written where its rows arrived is put where its field answered and sent as it is, however deep', () => {
    const answer = page(2, 1) as { data: { strategies: { nodes: { mappings: unknown }[] } } };
    const ctx = {};
    const nodes = addPath(addPath(addPath(undefined, 'strategies', 'Query'), 'nodes', 'X'), 1, undefined);
    // Spaces JSON.stringify would not write: proof the text went through untouched.
    const text = '[ { "conversation" : null } ]';
    answer.data.strategies.nodes[1].mappings = passThrough(
      ctx,
      addPath(nodes, 'mappings', 'S'),
      new RawJson(Buffer.from(text)),
    );
    spliceRawAnswers(ctx, answer.data);
    expect(answer.data.strategies.nodes[1].mappings).toBeInstanceOf(RawJson);
    const out = bytesOf(answer).toString();
    expect(out).toContain(`"mappings":${text}`);
    // Its bytes are sent as they are, not copied into a slab.
    expect(jsonChunks(answer).chunks).toContain((answer.data.strategies.nodes[1].mappings as RawJson).bytes);
    // Anything else stringifying the answer reads the same value.
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(answer)));
    // A field whose place is gone (its parent nulled by an error) is skipped, nothing else changed.
    const other = page(1, 1) as { data: { strategies: null } };
    other.data.strategies = null;
    passThrough(ctx, addPath(nodes, 'mappings', 'S'), new RawJson(Buffer.from(text)));
    spliceRawAnswers(ctx, other.data);
    expect(bytesOf(other)).toEqual(apollo(other));
  });

  it('a single value larger than a slab, deep in the answer, and surrogate pairs across the boundaries of slabs', () => {
    const big = '𝄞é'.repeat(SLAB_BYTES); // about 6 slabs of UTF-8 in one string
    const value = { data: { a: { b: { c: { d: { text: big, rest: page(30, 2) } } } } } };
    expect(bytesOf(value).equals(apollo(value))).toBe(true);
    const list = { data: { items: Array.from({ length: 5_000 }, (_, i) => `𝄞${i}é`) } };
    expect(bytesOf(list).equals(apollo(list))).toBe(true);
  });

  it('slabs come back once released and are used again: a large answer takes no new memory the second time', () => {
    const value = page(200, 3);
    const first = jsonChunks(value);
    expect(first.chunks.length).toBeGreaterThan(2);
    const keptBefore = keptSlabs();
    first.release();
    expect(keptSlabs()).toBeGreaterThan(keptBefore);
    const second = jsonChunks(value);
    // The second answer's views lie on the slabs the first gave back.
    const firstBuffers = new Set(first.chunks.map((c) => c.buffer));
    expect(second.chunks.some((c) => firstBuffers.has(c.buffer))).toBe(true);
    expect(Buffer.concat(second.chunks).equals(apollo(value))).toBe(true);
    second.release();
    second.release(); // twice is once
  });
});

describe('endWithJson: answers written over HTTP', () => {
  let server: http.Server;
  let url: string;
  const answers = [page(300, 4, 'first '), page(250, 5, 'second '), page(5, 1, 'third '), page(3_000, 6, 'big ')];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const n = Number(new URL(req.url!, 'http://x').searchParams.get('n'));
      res.setHeader('content-type', 'application/json; charset=utf-8');
      endWithJson(res, answers[n]);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** GET ?n=…, its body read only after `waitMs`: meanwhile the answer waits in the server's write queue. */
  const slowly = (n: number, waitMs: number) =>
    new Promise<Buffer>((resolve, reject) => {
      http
        .get(`${url}?n=${n}`, (res) => {
          res.pause();
          const parts: Buffer[] = [];
          setTimeout(() => {
            res.on('data', (part: Buffer) => parts.push(part));
            res.on('end', () => resolve(Buffer.concat(parts)));
            res.resume();
          }, waitMs);
        })
        .on('error', reject);
    });

  it('answers larger than the socket takes at once are not overwritten by the next answers before they are sent', async () => {
    // Each about 3 MB: most of it waits in the server's queue until its reader reads, while others are written.
    const got = await Promise.all(Array.from({ length: 6 }, (_, i) => slowly(3, 100 + 50 * i)));
    for (const body of got) expect(body.equals(apollo(answers[3]))).toBe(true);
  });

  it('many large answers at once each arrive whole and unmixed, with their Content-Length', async () => {
    const asked = Array.from({ length: 24 }, (_, i) => i % 3);
    const got = await Promise.all(
      asked.map(async (n) => {
        const res = await fetch(`${url}?n=${n}`, { headers: { 'accept-encoding': 'identity' } });
        const body = Buffer.from(await res.arrayBuffer());
        return { n, body, length: Number(res.headers.get('content-length')) };
      }),
    );
    for (const { n, body, length } of got) {
      expect(body.equals(apollo(answers[n]))).toBe(true);
      expect(length).toBe(body.length);
    }
  });
});
