/**
 * Imported first by the benchmarks: they measure the API as production runs it. graphql-js decides when it is
 * loaded whether to run its development-mode checks (an `instanceof` check on every schema object it meets), from
 * NODE_ENV, so this must run before anything imports graphql.
 */
process.env.NODE_ENV ??= 'production';
