/**
 * The API's import rules, checked by `npm run lint`:
 * - no import circle anywhere in packages/api/src;
 * - the kernel (graphql/, db/, auth/, http/, jobs/ and the top-level config/logger/tracing) imports no feature module and not the
 *   composition root: the root (server/) assembles modules, modules use the kernel, never the other way round;
 * - a feature module does not import the composition root.
 */
const KERNEL = '^packages/api/src/(graphql|db|auth|http|jobs)/|^packages/api/src/(config|logger|tracing)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import circle: split the shared piece out, or pass it in. Circles closed only by `import type` (erased at compile time: two GraphQL types naming each other) are allowed.',
      from: { path: '^packages/api/src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'kernel-imports-no-module',
      severity: 'error',
      comment: 'Kernel folders are used by modules; they must not know any module (register it in server/ instead).',
      from: { path: KERNEL },
      to: { path: '^packages/api/src/(modules|server|demo|bench)/|^packages/api/src/main\\.ts$' },
    },
    {
      name: 'modules-do-not-import-the-root',
      severity: 'error',
      comment: 'The composition root imports modules, not the other way round.',
      from: { path: '^packages/api/src/(modules|demo)/' },
      to: { path: '^packages/api/src/(server|bench)/|^packages/api/src/main\\.ts$' },
    },
    {
      name: 'peers-only-in-the-peer-benchmark',
      severity: 'error',
      comment: 'PostGraphile and its stack are dev-only dependencies of bench:peer; nothing else may import them.',
      from: { path: '^packages/api/src/', pathNot: '^packages/api/src/bench/peer\\.cli\\.ts$' },
      to: {
        path: '(^|/)node_modules/(postgraphile|postgraphile-plugin-connection-filter|grafast|grafserv|@dataplan|graphile-build|graphile-build-pg|graphile-config|pg-sql2)/',
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'packages/api/tsconfig.json' },
    // Type-only imports count: a circle through types is still a circle for a reader.
  },
};
