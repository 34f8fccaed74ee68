import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** Runs the project's own import rules (the ones `npm run lint` runs) over a tree laid out like the repository. */
function cruise(root: string): { status: number | null; output: string } {
  const result = spawnSync(
    process.execPath,
    [CLI, 'packages/api/src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
    { cwd: root, encoding: 'utf8' },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A copy of the API's sources and the rules, to plant a bad import in without touching the repository. */
function copyOfTheApi(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'throughline-imports-'));
  fs.cpSync(path.join(ROOT, 'packages/api/src'), path.join(dir, 'packages/api/src'), { recursive: true });
  for (const file of ['.dependency-cruiser.cjs', 'tsconfig.json', 'packages/api/tsconfig.json']) {
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  return dir;
}

describe('the API import graph', () => {
  const copies: string[] = [];
  afterAll(() => copies.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const copy = () => {
    const dir = copyOfTheApi();
    copies.push(dir);
    return dir;
  };

  it('has no import circle and no arrow from a kernel folder to a module or to the composition root', () => {
    const { status, output } = cruise(ROOT);
    expect(output).not.toMatch(/error/);
    expect(status).toBe(0);
  });

  it('fails, naming the rule and the file, when a kernel folder imports a module, a module imports the root, or two files form a circle', () => {
    // One planted copy for every kind of violation: each cruise of the tree takes seconds.
    const dir = copy();
    const src = (f: string) => path.join(dir, 'packages/api/src', f);
    const planted: [string, string][] = [
      ['graphql/planted.ts', '../modules/school/school.service'],
      ['db/planted.ts', '../modules/school/school.entity'],
      ['auth/planted.ts', '../modules/role-assignment/role-assignment.entity'],
      ['http/planted.ts', '../server/platform'],
      ['modules/school/planted.ts', '../../server/modules'],
    ];
    for (const [file, target] of planted) fs.writeFileSync(src(file), `export * from '${target}';\n`);
    fs.writeFileSync(
      src('modules/school/planted-a.ts'),
      `import { b } from './planted-b';\nexport const a = () => b;\n`,
    );
    fs.writeFileSync(
      src('modules/school/planted-b.ts'),
      `import { a } from './planted-a';\nexport const b = () => a;\n`,
    );

    const { status, output } = cruise(dir);
    expect(status).not.toBe(0);
    for (const folder of ['graphql', 'db', 'auth', 'http']) {
      expect(output).toMatch(new RegExp(`kernel-imports-no-module: packages/api/src/${folder}/planted\\.ts`));
    }
    expect(output).toMatch(/modules-do-not-import-the-root: packages\/api\/src\/modules\/school\/planted\.ts/);
    expect(output).toMatch(/no-circular: packages\/api\/src\/modules\/school\/planted-[ab]\.ts/);
  });
});
