/**
 * One jest run for the whole repository: unit tests beside the code (packages/*\/src/**\/__tests__) and the
 * black-box suites in tests/, all against real PostgreSQL. Each test file gets its own database, cloned from a
 * migrated template, so files run in parallel safely.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)sx?$': swc },
  // jose, openid-client and oauth4webapi ship ESM only: let swc turn them into CommonJS for jest's module system. The
  // OTLP exporter loads node:http with import(), which jest's CommonJS sandbox refuses: swc turns it into require().
  transformIgnorePatterns: ['/node_modules/(?!(jose|openid-client|oauth4webapi|@opentelemetry/otlp-exporter-base)/)'],
  moduleNameMapper: { '^@throughline/shared$': '<rootDir>/packages/shared/src/index.ts' },
  testMatch: ['<rootDir>/packages/*/src/**/__tests__/**/*.test.ts', '<rootDir>/tests/**/*.test.ts'],
  globalSetup: '<rootDir>/tests/setup/global-setup.ts',
  globalTeardown: '<rootDir>/tests/setup/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: process.env.JEST_MAX_WORKERS || '50%',
};
