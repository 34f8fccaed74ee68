import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Where the portal's sources and message files live. */
export const ADMIN_SRC = path.resolve(__dirname, '..', '..', 'packages', 'admin', 'src');
export const MESSAGES_DIR = path.join(ADMIN_SRC, 'i18n');

/** Props (JSX attributes, and object-literal properties that feed them) whose text a person reads or hears. */
export const USER_FACING_PROPS = new Set([
  'label',
  'title',
  'helperText',
  'placeholder',
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'alt',
  'emptyText',
  'primaryText',
  'secondaryText',
  'tertiaryText',
  'confirmTitle',
  'confirmContent',
  'subheader',
  'noOptionsText',
  'loadingText',
  'tooltip',
  'caption',
  'description',
  'help',
  'summary',
]);

/** Names of products and standards that read the same in every language. */
export const PROPER_NOUNS = new Set(['Throughline', 'OneRoster', 'CSV', 'API', 'URL', 'iCal', 'SAML', 'OIDC']);

/** A message key the portal translates: Throughline's (`tl.`), react-admin's (`ra.`) or a resource's (`resources.`). */
export const isMessageKey = (text: string) => /^(tl|ra|resources)\.[\w.-]+$/.test(text);

/** Text a person would read: it has letters, is not a key, and is not only a proper noun. */
function isProse(text: string): boolean {
  // HTML entities (&middot;, &nbsp;) are punctuation, not words.
  const t = text.replace(/&[a-zA-Z]+;|&#\d+;/g, ' ').trim();
  if (!/\p{L}/u.test(t)) return false;
  if (isMessageKey(t)) return false;
  if (PROPER_NOUNS.has(t)) return false;
  return true;
}

export interface Offender {
  file: string;
  line: number;
  kind: 'jsx-text' | 'prop' | 'notify';
  text: string;
}

/** The string literals an expression evaluates to when it is a literal, a template or a choice between them. */
function literalsOf(node: ts.Expression): ts.Node[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node];
  if (ts.isTemplateExpression(node)) return [node];
  if (ts.isParenthesizedExpression(node)) return literalsOf(node.expression);
  if (ts.isConditionalExpression(node)) return [...literalsOf(node.whenTrue), ...literalsOf(node.whenFalse)];
  if (ts.isBinaryExpression(node) && ['&&', '||', '??'].includes(node.operatorToken.getText()))
    return literalsOf(node.right);
  return [];
}

/** The words of a literal or template (a template's fixed parts only). */
function textOf(node: ts.Node): string {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  return '';
}

/** A template that builds a key (`tl.x.${code}`) is a key. */
function isKeyTemplate(node: ts.Node): boolean {
  return ts.isTemplateExpression(node) && /^(tl|ra|resources)\.[\w.-]*$/.test(node.head.text);
}

/** Text inside <code> or <kbd> is a literal the person types or copies (a path, a scope), the same in every language. */
function insideCode(node: ts.Node): boolean {
  const parent = node.parent;
  if (!ts.isJsxElement(parent)) return false;
  return ['code', 'kbd'].includes(parent.openingElement.tagName.getText());
}

/** Every hard-coded string a person would see in one .tsx source. */
export function findHardCodedStrings(file: string, source: string): Offender[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: Offender[] = [];
  const add = (node: ts.Node, kind: Offender['kind'], text: string) =>
    found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, kind, text: text.trim() });
  const checkExpression = (expr: ts.Expression, kind: Offender['kind']) => {
    for (const lit of literalsOf(expr)) if (!isKeyTemplate(lit) && isProse(textOf(lit))) add(lit, kind, textOf(lit));
  };

  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      if (isProse(node.text) && !insideCode(node)) add(node, 'jsx-text', node.text);
    } else if (
      ts.isJsxExpression(node) &&
      node.expression &&
      (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent)) &&
      !insideCode(node)
    ) {
      checkExpression(node.expression, 'jsx-text');
    } else if (ts.isJsxAttribute(node) && USER_FACING_PROPS.has(node.name.getText(sf))) {
      const init = node.initializer;
      if (init && ts.isStringLiteral(init)) {
        if (isProse(init.text)) add(init, 'prop', init.text);
      } else if (init && ts.isJsxExpression(init) && init.expression) checkExpression(init.expression, 'prop');
    } else if (
      ts.isPropertyAssignment(node) &&
      (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) &&
      USER_FACING_PROPS.has(node.name.text)
    ) {
      checkExpression(node.initializer, 'prop');
    } else if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'notify' &&
      node.arguments[0]
    ) {
      checkExpression(node.arguments[0], 'notify');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Every file under a folder whose name ends with one of the extensions. */
export function filesUnder(dir: string, extensions: string[]): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && extensions.some((x) => e.name.endsWith(x)))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

type Messages = { [key: string]: string | Messages };

/** The keys of a nested message object, dotted ("log.title"), with their text. */
export function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(messages)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** The message files of a language: area name → messages (`ra` and `resources` mount at the top, the rest at tl.). */
export function loadLanguage(locale: 'en' | 'es'): Map<string, Messages> {
  const dir = path.join(MESSAGES_DIR, locale);
  const areas = new Map<string, Messages>();
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(dir, file)) as { default: Messages };
    areas.set(file.replace(/\.ts$/, ''), mod.default);
  }
  return areas;
}

/** Every key of a language as react-admin looks it up (`tl.sessions.log.title`, `ra.action.save`, ...). */
export function allKeys(locale: 'en' | 'es'): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [area, messages] of loadLanguage(locale)) {
    const prefix = area === 'ra' || area === 'resources' ? area : `tl.${area}`;
    for (const [k, v] of flatten(messages, prefix)) keys.set(k, v);
  }
  return keys;
}

/** The `tl.` keys the sources use: whole keys, and the fixed beginnings of keys built with a template. */
export function keysUsedInSource(): { file: string; line: number; key: string; prefix: boolean }[] {
  const used: { file: string; line: number; key: string; prefix: boolean }[] = [];
  for (const file of filesUnder(ADMIN_SRC, ['.ts', '.tsx'])) {
    if (file.startsWith(MESSAGES_DIR + path.sep)) continue;
    const sf = ts.createSourceFile(
      file,
      fs.readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
      file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const visit = (node: ts.Node) => {
      const at = () => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && /^tl\.[\w.-]+$/.test(node.text)) {
        used.push({ file, line: at(), key: node.text, prefix: node.text.endsWith('.') });
      } else if (ts.isTemplateExpression(node) && /^tl\.[\w.-]*$/.test(node.head.text)) {
        used.push({ file, line: at(), key: node.head.text.replace(/\.$/, ''), prefix: true });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return used;
}
