import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ADMIN_DIST, ensurePortalBuilt } from '../browser/browser';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The real portal bundle as the API serves it: its first download (the entry script and what index.html preloads)
 * stays under 250 KB gzipped, every other screen comes in a chunk of its own, and each asset goes out compressed
 * (gzip or brotli, as the browser asks) and cached for a year as immutable, while index.html is never cached.
 */
const INITIAL_BUDGET = 250 * 1024;

let server: TestServer;
let initial: string[];
let lazy: string[];

beforeAll(async () => {
  ensurePortalBuilt();
  const html = fs.readFileSync(path.join(ADMIN_DIST, 'index.html'), 'utf8');
  initial = [...new Set([...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]))];
  lazy = fs
    .readdirSync(path.join(ADMIN_DIST, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`)
    .filter((f) => !initial.includes(f));
  server = await startTestServer({ adminDir: ADMIN_DIST, env: { NODE_ENV: 'production' } });
}, 300_000);

afterAll(async () => {
  await server?.close();
});

describe('the portal bundle', () => {
  it('loads under 250 KB of gzipped JavaScript first; the screens and the charts come later, on demand', () => {
    const gzipped = initial.reduce(
      (n, f) => n + zlib.gzipSync(fs.readFileSync(path.join(ADMIN_DIST, f)), { level: 9 }).length,
      0,
    );
    expect(initial.length).toBeGreaterThan(0);
    // eslint-disable-next-line no-console
    console.log(`portal first download: ${initial.length} files, ${(gzipped / 1024).toFixed(1)} KB gzipped`);
    expect(gzipped).toBeLessThan(INITIAL_BUDGET);
    // Code splitting: many chunks loaded later, recharts among them and not in the first download.
    expect(lazy.length).toBeGreaterThan(20);
    const first = initial.map((f) => fs.readFileSync(path.join(ADMIN_DIST, f), 'utf8')).join('\n');
    expect(first).not.toMatch(/recharts-wrapper/);
  });

  // docs/i18n.md: the starting language's messages are one chunk, fetched by the entry and awaited before the first
  // render (so they are not in index.html); the other language's only when the person switches.
  it('keeps each language’s messages in one chunk of their own, outside the first download, and small', () => {
    const gz = (f: string) => zlib.gzipSync(fs.readFileSync(path.join(ADMIN_DIST, f)), { level: 9 }).length;
    for (const language of ['en', 'es']) {
      const chunks = lazy.filter((f) => new RegExp(`assets/messages-${language}-[^/]+\\.js$`).test(f));
      expect({ language, chunks: chunks.length }).toEqual({ language, chunks: 1 });
      expect(initial).not.toContain(chunks[0]);
      // eslint-disable-next-line no-console
      console.log(`portal messages (${language}): ${(gz(chunks[0]) / 1024).toFixed(1)} KB gzipped`);
      expect(gz(chunks[0])).toBeLessThan(48 * 1024);
    }
    const first = initial.map((f) => fs.readFileSync(path.join(ADMIN_DIST, f), 'utf8')).join('\n');
    // react-admin's English messages came out of the first download with the rest of the English.
    expect(first).not.toMatch(/Drop some files to upload, or click to select one/);
  });

  it('serves each asset compressed as asked (gzip, br), immutable for a year; index.html is never cached', async () => {
    const entry = initial.find((f) => /assets\/index-/.test(f)) ?? initial[0];
    for (const asset of [entry, lazy[0]]) {
      for (const encoding of ['gzip', 'br']) {
        const res = await fetch(`${server.url}/${asset}`, { headers: { 'accept-encoding': encoding } });
        expect({ asset, encoding, status: res.status }).toEqual({ asset, encoding, status: 200 });
        expect(res.headers.get('content-encoding')).toBe(encoding);
        expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        expect(res.headers.get('content-type')).toMatch(/javascript/);
        // fetch decodes it: the body is the file.
        expect((await res.text()).length).toBe(fs.readFileSync(path.join(ADMIN_DIST, asset), 'utf8').length);
      }
    }
    for (const page of ['/', '/index.html']) {
      const res = await fetch(`${server.url}${page}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toMatch(/no-cache/);
    }
  });
});
