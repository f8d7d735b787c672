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
  // Files wait on Postgres and child processes much of the time, so one worker more than there are
  // cores pays off (three on two cores: 101 s against 111 s for two). At most four, so the files
  // running at once stay well inside Postgres's default 100 connections with every provider.
  maxWorkers: Math.min(availableParallelism() + 1, 4),
  testTimeout: 30000,
  errorOnDeprecated: true,
};
