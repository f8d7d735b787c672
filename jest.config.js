const { availableParallelism } = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  roots: ['<rootDir>/service/test'],
  testMatch: ['**/*.test.ts'],
  // docs/getting-started.md in a fresh clone takes minutes: `make test-docs` runs it on its own.
  testPathIgnorePatterns: ['/node_modules/', '\\.docs\\.test\\.ts$'],
  testEnvironment: 'node',
  transform: {
    // Type checking is `make lint`'s job (tsc --noEmit); tests only transpile, file by file, with esbuild.
    '^.+\\.ts$': '<rootDir>/service/test/support/esbuild-transformer.js',
  },
  globalSetup: '<rootDir>/service/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/service/test/support/global-teardown.ts',
  // Files wait on Postgres and child processes much of the time, so two workers pay off even on
  // two cores (jest's default there is one). Each file has its own database, whatever the provider.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  testTimeout: 30000,
  errorOnDeprecated: true,
};
