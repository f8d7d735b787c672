/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  roots: ['<rootDir>/service/test'],
  testMatch: ['**/*.test.ts'],
  testEnvironment: 'node',
  transform: {
    // Type checking is `make lint`'s job (tsc --noEmit); tests only transpile, which is fast.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  globalSetup: '<rootDir>/service/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/service/test/support/global-teardown.ts',
  testTimeout: 30000,
  errorOnDeprecated: true,
};
