import 'reflect-metadata';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { migrateConfiguredDatabase, resolveDatabase } from '../server/platform';
import { serveBenchApi } from './bench-api';
import { createAppDataSource } from '../server/data-source';
import { isEmptyDatabase, seedDemo } from '../demo/seed-demo';
import { DEMO_PASSWORD } from '../demo/demo-data';

/**
 * `npm run bench:abuse`: serves the real API (configured as `npm start` would be) on the demo districts, measures a
 * light query as another user sees it, quiet and then during an abuse burst (an anonymous fragment fan-out, 1000
 * aliased funnels, a teacher's parallel aliased funnels), and prints the light query's p50/p99 both ways, how the
 * abusive requests were answered, and how long the fan-out took to refuse. Figures, not a pass/fail test.
 */

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A document of `depth` fragments, each spreading the next twice: 2^depth paths for a naive walker. */
export function fanOutDocument(depth: number): string {
  const fragments = Array.from({ length: depth }, (_, i) =>
    i + 1 < depth ? `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }` : `fragment F${i} on Query { __typename }`,
  );
  return `query Q${Math.random().toString(36).slice(2)} { ...F0 }\n${fragments.join('\n')}`;
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' });
  const logger = createLogger(config.logLevel);
  const db = await resolveDatabase(config, logger);
  await migrateConfiguredDatabase(config, logger, db);
  const owner = createAppDataSource({ url: db.ownerUrl, poolMax: 1, applicationName: 'throughline-bench-seed' });
  await owner.initialize();
  if (await isEmptyDatabase(owner)) await seedDemo(owner, logger);
  await owner.destroy();
  const { app, http, url } = await serveBenchApi(config, logger, db, 'throughline-bench-abuse');
  const out = (line: string) => process.stdout.write(line + '\n');

  const post = async (query: string, token?: string, variables: Record<string, unknown> = {}) => {
    const started = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as {
      data?: Record<string, unknown>;
      errors?: { extensions?: { code?: string } }[];
    };
    return { ms: performance.now() - started, status: res.status, body };
  };
  const signIn = async (email: string) => {
    const { body } = await post(`mutation($i: SignInInput!) { signIn(input: $i) { accessToken } }`, undefined, {
      i: { email, password: DEMO_PASSWORD },
    });
    const token = (body.data?.signIn as { accessToken?: string } | undefined)?.accessToken;
    if (!token) throw new Error(`sign-in failed for ${email}: ${JSON.stringify(body.errors)}`);
    return token;
  };
  const principal = await signIn('principal@northfield.example');
  const teacher = await signIn('teacher@northfield.example');
  const me = (await post(`{ me { staffMember { id } } }`, teacher)).body.data?.me as { staffMember: { id: string } };
  const light = `{ me { staffMember { email } } }`;
  const window = { from: '2026-08-01', to: '2026-12-31' };

  async function measureLight(runs: number): Promise<number[]> {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push((await post(light, principal)).ms);
    return times;
  }

  // Warm up, then the quiet baseline.
  await measureLight(30);
  const quiet = await measureLight(200);

  // The fan-out on its own: how long a refusal takes.
  const fanOutTimes: number[] = [];
  for (let i = 0; i < 20; i++) fanOutTimes.push((await post(fanOutDocument(20))).ms);

  // The burst comes from another thread, as it would from other machines: the server's event loop serves it
  // but does not also build the abusive documents.
  const abuser = new Worker(__filename, {
    workerData: { url, teacher, teacherId: me.staffMember.id, window, loops: 14 } satisfies AbuseOrders,
  });
  // The thread says when it has loaded its code and starts sending, so that loading it (on this machine's cores) is
  // not counted as the burst; then its second message is the tally.
  await new Promise<void>((resolve) => abuser.once('message', () => resolve()));
  const tally = new Promise<Record<string, number>>((resolve) => abuser.once('message', resolve));
  const burst = await measureLight(200);
  abuser.postMessage('stop');
  const answers = new Map(Object.entries(await tally));
  await abuser.terminate();

  const f = (n: number) => `${n.toFixed(1)} ms`;
  out(`Light query (${light}) as another user, 200 sequential requests each:`);
  out(`  quiet        p50 ${f(percentile(quiet, 50))}   p99 ${f(percentile(quiet, 99))}`);
  out(`  under burst  p50 ${f(percentile(burst, 50))}   p99 ${f(percentile(burst, 99))}`);
  out(`  p99 ratio    ${(percentile(burst, 99) / percentile(quiet, 99)).toFixed(2)}x (target: under 3x)`);
  out(
    `2^20 fragment fan-out, anonymous: refused in p50 ${f(percentile(fanOutTimes, 50))}, max ${f(Math.max(...fanOutTimes))}`,
  );
  out(`Abusive requests during the burst, by answer:`);
  for (const [key, n] of [...answers].sort()) out(`  ${key.padEnd(40)} ${n}`);

  await http.close(1_000);
  await app.destroy();
  await db.embedded?.stop();
}

interface AbuseOrders {
  url: string;
  teacher: string;
  teacherId: string;
  window: { from: string; to: string };
  loops: number;
}

/** The abusers: an anonymous fan-out, 1000 aliased district funnels, and a teacher's parallel aliased funnels. */
async function abuse(orders: AbuseOrders): Promise<void> {
  const funnel = (alias: string, scope: string) => `${alias}: funnel(scope: ${scope}, window: $w) { due held }`;
  const aliased = (n: number, scope: string) =>
    `query($w: DateWindowInput!) { ${Array.from({ length: n }, (_, i) => funnel(`f${i}`, scope)).join(' ')} }`;
  const districtFunnels = aliased(1000, '{ kind: DISTRICT }');
  const personFunnels = aliased(300, `{ kind: PERSON, id: "${orders.teacherId}" }`);
  let bursting = true;
  parentPort!.once('message', () => (bursting = false));
  const answers: Record<string, number> = {};
  parentPort!.postMessage('ready');
  const send = async (query: string, token?: string) => {
    const res = await fetch(orders.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables: { w: orders.window } }),
    });
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    const key = `${res.status} ${body.errors?.[0]?.extensions?.code ?? 'ok'}`;
    answers[key] = (answers[key] ?? 0) + 1;
  };
  const loop = async (next: () => Promise<void>) => {
    while (bursting) await next().catch(() => undefined);
  };
  await Promise.all([
    loop(() => send(fanOutDocument(20))),
    loop(() => send(districtFunnels, orders.teacher)),
    ...Array.from({ length: orders.loops - 2 }, () => loop(() => send(personFunnels, orders.teacher))),
  ]);
  parentPort!.postMessage(answers);
}

if (isMainThread) {
  main().catch((error) => {
    process.stderr.write(`bench:abuse failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
} else {
  void abuse(workerData as AbuseOrders);
}
