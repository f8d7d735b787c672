/**
 * Container checks on a real Docker engine (`make test-containers`), apart from `make test`,
 * which must pass on a laptop with only Node. The image is built once in globalSetup (or taken
 * from IMAGE) and shared by every file.
 */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '../..',
  roots: ['<rootDir>/service/test-containers'],
  testMatch: ['**/*.test.ts'],
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  globalSetup: '<rootDir>/service/test-containers/support/global-setup.ts',
  globalTeardown: '<rootDir>/service/test-containers/support/global-teardown.ts',
  // Each file drives the one engine hard (builds, pushes, a compose stack): one at a time.
  maxWorkers: 1,
  testTimeout: 300000,
  errorOnDeprecated: true,
};
