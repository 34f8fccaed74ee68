import fs from 'node:fs';
import path from 'node:path';
import { parse, parseDocument } from 'yaml';
import { assignments, execForm, parseDockerfile, type Stage } from './dockerfile';

/**
 * The container image and the compose deployment (infra/README.md), checked without Docker: the CI machine may run
 * no containers. The Dockerfile is read by a small parser of our own, compose.yaml by the `yaml` package.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** Names of settings that hold secrets (the logger's rule, and a few more). */
const SECRET_NAME = /pass(word)?|secret|token|private|credential|api[_-]?key|signing[_-]?key|_KEY$|^KEY$/i;
/** An image reference pinned to a digest, or to an exact version tag (two dotted numbers at least), never `latest`. */
function pinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const tag = /:([^/:@]+)$/.exec(image)?.[1];
  return !!tag && tag !== 'latest' && /^v?\d+\.\d+/.test(tag);
}

describe('Dockerfile', () => {
  const { preamble, stages } = parseDockerfile(read('Dockerfile'));
  const runtime = stages[stages.length - 1];
  const names = new Set(stages.map((s) => s.name).filter(Boolean));
  const all = (keyword: string, stage?: Stage) =>
    (stage ? stage.instructions : [...preamble, ...stages.flatMap((s) => s.instructions)]).filter(
      (i) => i.keyword === keyword,
    );

  it('is multi-stage: a build stage (npm ci, npm run build) and a runtime stage with production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages.find((s) => s.instructions.some((i) => i.keyword === 'RUN' && /npm run build/.test(i.args)));
    expect(build).toBeDefined();
    expect(build!.instructions.some((i) => i.keyword === 'RUN' && /\bnpm ci\b(?!.*--omit=dev)/.test(i.args))).toBe(
      true,
    );
    expect(build).not.toBe(runtime);
    // The runtime's node_modules come from a stage that installed with --omit=dev, never from the build stage.
    const modules = all('COPY', runtime).filter((i) => /node_modules/.test(i.args));
    expect(modules).toHaveLength(1);
    const source = /--from=(\S+)/.exec(modules[0].args)?.[1];
    const deps = stages.find((s) => s.name === source);
    expect(deps?.instructions.some((i) => i.keyword === 'RUN' && /npm ci\b.*--omit=dev/.test(i.args))).toBe(true);
    // The built API and portal are there.
    const copied = all('COPY', runtime).map((i) => i.args);
    expect(copied.some((a) => /--from=\S+\s+\S*packages\/api\/dist/.test(a))).toBe(true);
    expect(copied.some((a) => /--from=\S+\s+\S*packages\/admin\/dist/.test(a))).toBe(true);
    // No stage runs the sources or the development toolchain at run time.
    expect(execForm(all('CMD', runtime).at(-1)!.args)).toEqual(['node', 'packages/api/dist/main.js']);
  });

  it('pins every base image (an exact version tag or a digest, never latest)', () => {
    for (const stage of stages) {
      if (names.has(stage.from)) continue;
      expect({ image: stage.from, pinned: pinned(stage.from) }).toEqual({ image: stage.from, pinned: true });
      expect(stage.from).toMatch(/^node:20\.|^node:20-/);
    }
  });

  it('runs as a user that is not root, numerically (runAsNonRoot can check it)', () => {
    const users = all('USER', runtime);
    expect(users.length).toBeGreaterThan(0);
    const last = users.at(-1)!.args.split(':')[0];
    expect(last).toMatch(/^\d+$/);
    expect(Number(last)).toBeGreaterThan(0);
    // Nothing after the USER switches back.
    const index = runtime.instructions.indexOf(users.at(-1)!);
    expect(runtime.instructions.slice(index + 1).some((i) => i.keyword === 'USER')).toBe(false);
  });

  it('has a HEALTHCHECK on /readyz', () => {
    const checks = all('HEALTHCHECK', runtime);
    expect(checks).toHaveLength(1);
    expect(checks[0].args).toMatch(/--interval=\d+s/);
    expect(checks[0].args).toMatch(/\bCMD\b/);
    expect(checks[0].args).toContain('/readyz');
  });

  it('runs under an init (tini) so that SIGTERM reaches Node and the server drains', () => {
    const entry = execForm(all('ENTRYPOINT', runtime).at(-1)!.args);
    expect(entry[0]).toMatch(/(^|\/)tini$/);
    expect(entry).toContain('--');
    expect(all('RUN', runtime).some((i) => /apt-get install.*\btini\b/.test(i.args))).toBe(true);
  });

  it('bakes in no secret: no ENV or ARG names or holds one', () => {
    for (const ins of [...all('ENV'), ...all('ARG')]) {
      for (const { name, value } of assignments(ins)) {
        expect({ line: ins.line, name, secretName: SECRET_NAME.test(name) }).toEqual({
          line: ins.line,
          name,
          secretName: false,
        });
        expect(value ?? '').not.toMatch(/:\/\/[^/\s:@]+:[^@\s]+@/);
      }
    }
    expect(read('Dockerfile')).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|"d"\s*:\s*"/);
  });

  it('.dockerignore keeps secrets, data, local builds and node_modules out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const entry of ['**/.env', '.data', '**/node_modules', '**/dist', '.git']) expect(ignored).toContain(entry);
  });

  it('the PgBouncer image: pinned, not root, with a healthcheck, pooling by transaction', () => {
    const pgb = parseDockerfile(read('infra/pgbouncer/Dockerfile'));
    const last = pgb.stages.at(-1)!;
    expect(pinned(last.from)).toBe(true);
    const user = last.instructions.filter((i) => i.keyword === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(last.instructions.some((i) => i.keyword === 'HEALTHCHECK')).toBe(true);
    const entrypoint = read('infra/pgbouncer/entrypoint.sh');
    expect(entrypoint).toMatch(/^pool_mode = transaction$/m);
    expect(entrypoint).toContain('${DATABASE_APP_PASSWORD:?');
  });
});

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string; interval?: string; disable?: boolean };
  deploy?: { replicas?: number };
  profiles?: string[];
  restart?: string;
}

describe('infra/compose.yaml', () => {
  const text = read('infra/compose.yaml');
  const doc = parseDocument(text, { merge: true });
  const compose = doc.toJS({ maxAliasCount: 100 }) as { services: Record<string, ComposeService> };
  const services = compose.services;
  const oneShot = (s: ComposeService) => s.restart === 'no';

  it('parses as YAML without errors and has the deployment’s services', () => {
    expect(doc.errors).toEqual([]);
    expect(Object.keys(services).sort()).toEqual([
      'api',
      'migrate',
      'otel-collector',
      'pgbouncer',
      'postgres',
      'worker',
    ]);
    // Only top-level keys compose knows (extension fields start with x-).
    for (const key of Object.keys(parse(text) as object)) {
      expect(
        ['name', 'services', 'volumes', 'networks', 'secrets', 'configs'].includes(key) || key.startsWith('x-'),
      ).toBe(true);
    }
  });

  it('runs two API instances without the job worker, through PgBouncer', () => {
    const api = services.api;
    expect(api.deploy?.replicas).toBe(2);
    expect(api.environment?.JOB_WORKER).toBe('off');
    expect(String(api.environment?.DATABASE_APP_URL)).toMatch(/@pgbouncer:6432\//);
    expect(api.environment?.NODE_ENV).toBe('production');
  });

  it('the worker runs worker.cli.js with a direct connection to PostgreSQL (DATABASE_DIRECT_URL), not PgBouncer', () => {
    const worker = services.worker;
    expect(worker.command).toEqual(['node', 'packages/api/dist/server/worker.cli.js']);
    const direct = String(worker.environment?.DATABASE_DIRECT_URL);
    expect(direct).toMatch(/^postgres:\/\/throughline_api:\$\{DATABASE_APP_PASSWORD[^}]*\}@postgres:5432\//);
    expect(direct).not.toContain('pgbouncer');
  });

  it('PostgreSQL 16, PgBouncer, the migrations run once, and the collector only in its profile', () => {
    expect(services.postgres.image).toMatch(/^postgres:16\.\d+/);
    expect(services.pgbouncer.build).toBeDefined();
    expect(services.migrate.command).toEqual(['node', 'packages/api/dist/server/migrate.cli.js']);
    expect(oneShot(services.migrate)).toBe(true);
    expect(services['otel-collector'].profiles).toEqual(['observability']);
  });

  it('every long-running service has a healthcheck; the optional collector is the exception', () => {
    for (const [name, service] of Object.entries(services)) {
      if (oneShot(service) || service.profiles) continue;
      expect({ name, test: service.healthcheck?.test !== undefined && !service.healthcheck.disable }).toEqual({
        name,
        test: true,
      });
    }
    const apiCheck = JSON.stringify(services.api.healthcheck?.test);
    expect(apiCheck).toContain('/readyz');
  });

  it('depends_on waits for what each needs: healthy services, and the migrations completed', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect({ name, target, exists: target in services }).toEqual({ name, target, exists: true });
        if (condition === 'service_healthy') expect(services[target].healthcheck).toBeDefined();
        else expect({ name, target, condition }).toEqual({ name, target, condition: 'service_completed_successfully' });
        if (condition === 'service_completed_successfully') expect(oneShot(services[target])).toBe(true);
      }
    }
    expect(services.api.depends_on).toMatchObject({
      migrate: { condition: 'service_completed_successfully' },
      pgbouncer: { condition: 'service_healthy' },
    });
    expect(services.worker.depends_on).toMatchObject({ migrate: { condition: 'service_completed_successfully' } });
    expect(services.migrate.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
    expect(services.pgbouncer.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
  });

  it('pins every image it pulls; the ones it builds come from this repository', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build) continue;
      expect({ name, image: service.image, pinned: pinned(service.image ?? '') }).toEqual({
        name,
        image: service.image,
        pinned: true,
      });
    }
  });

  it('holds no secret: every secret value and every password in a URL comes from the environment (${VAR})', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [key, raw] of Object.entries(service.environment ?? {})) {
        const value = String(raw ?? '');
        if (SECRET_NAME.test(key) && value !== '') {
          expect({ name, key, interpolated: /^\$\{[A-Z_]+(:?[-?][^}]*)?\}$/.test(value) }).toEqual({
            name,
            key,
            interpolated: true,
          });
        }
        const password = /:\/\/[^/\s:@]+:([^@\s]+)@/.exec(value)?.[1];
        if (password)
          expect({ name, key, password: /^\$\{[A-Z_]+[^}]*\}$/.test(password) }).toEqual({ name, key, password: true });
      }
    }
    // The .env it reads is git-ignored; the example holds no value for a secret.
    expect(read('.gitignore').split('\n')).toContain('.env');
    for (const line of read('infra/.env.example').split('\n')) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line);
      if (m && SECRET_NAME.test(m[1])) expect({ key: m[1], value: m[2] }).toEqual({ key: m[1], value: '' });
    }
  });
});
