import { common, globalHooks } from './jest.config.js';

/** `npm run test:browser`: the built product in Debian's chromium, driven by playwright-core. */
export default {
  ...globalHooks,
  ...common,
  displayName: 'browser',
  testMatch: ['<rootDir>/tests/browser/**/*.spec.ts'],
  testTimeout: 90_000,
};
