import fs from 'node:fs';
import path from 'node:path';
import { ADMIN_SRC, filesUnder, findHardCodedStrings } from './i18n-scan';

/**
 * No text a person reads is written into the portal's components: every .tsx under packages/admin/src is parsed with
 * the TypeScript compiler, and JSX text with letters, string literals in user-facing props (label, title, helperText,
 * placeholder, aria-label, emptyText, ...) and notify('...') calls that are not message keys (tl., ra., resources.)
 * are named by file and line. Words go in packages/admin/src/i18n/<language>/<area>.ts (docs/i18n.md).
 */
describe('hard-coded text in the portal', () => {
  it('finds hard-coded text where it hides (the check itself can fail)', () => {
    const planted = `
      export const A = () => (
        <Card title="Strategies at risk" aria-label={busy ? 'Loading rows' : 'tl.x.y'}>
          Held sessions
          {count > 0 && 'No sessions yet'}
          <Field label="tl.sessions.title" emptyText="ra.boolean.null" helperText={\`tl.mail.kinds.\${k}\`} />
          <span>{' · '} 42 % &middot; <code>/auth/sso/callback</code></span>
        </Card>
      );
      const f = { label: 'Due date', source: 'dueOn' };
      notify('Saved it', { type: 'info' });
      notify('tl.actions.saved');`;
    const found = findHardCodedStrings('Planted.tsx', planted).map((o) => `${o.line} ${o.kind} ${o.text}`);
    expect(found).toEqual([
      '3 prop Strategies at risk',
      '3 prop Loading rows',
      '4 jsx-text Held sessions',
      '5 jsx-text No sessions yet',
      '10 prop Due date',
      '11 notify Saved it',
    ]);
  });

  it('has none left in any .tsx of packages/admin/src', () => {
    const offenders = filesUnder(ADMIN_SRC, ['.tsx']).flatMap((file) =>
      findHardCodedStrings(path.relative(ADMIN_SRC, file), fs.readFileSync(file, 'utf8')),
    );
    const perFolder = new Map<string, number>();
    for (const o of offenders) {
      const folder = path.dirname(o.file);
      perFolder.set(folder, (perFolder.get(folder) ?? 0) + 1);
    }
    if (offenders.length) {
      // eslint-disable-next-line no-console
      console.log(
        `hard-coded text left: ${offenders.length}\n${[...perFolder].map(([f, n]) => `  ${f}: ${n}`).join('\n')}`,
      );
    }
    expect(offenders.map((o) => `${o.file}:${o.line} (${o.kind}) ${JSON.stringify(o.text)}`)).toEqual([]);
  });
});
