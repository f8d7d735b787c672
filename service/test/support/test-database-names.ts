import { randomBytes } from 'node:crypto';

/** Every database a run creates starts with this prefix and the run id, so teardown finds them all. */
export const TEST_DB_PREFIX = 'test_run_';

export function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export function templateName(runId: string): string {
  return `${TEST_DB_PREFIX}${runId}_template`;
}

export function testDatabaseName(runId: string): string {
  return `${TEST_DB_PREFIX}${runId}_${randomBytes(4).toString('hex')}`;
}
