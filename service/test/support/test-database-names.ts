import { randomBytes } from 'node:crypto';

/** Every database a run creates starts with this prefix and the run id, so teardown finds them all. */
export const TEST_DB_PREFIX = 'test_run_';

const RANDOM_HEX = 6;

export function newRunId(now = Date.now()): string {
  return `${now.toString(36)}${randomBytes(RANDOM_HEX / 2).toString('hex')}`;
}

/** When the run with this id started (its first part is the time in base 36); undefined when the id is not one. */
export function runStartedAt(runId: string): number | undefined {
  const time = runId.slice(0, -RANDOM_HEX);
  if (!/^[0-9a-z]{6,10}$/.test(time) || !/^[0-9a-f]+$/.test(runId.slice(-RANDOM_HEX))) return undefined;
  return parseInt(time, 36);
}

export function templateName(runId: string): string {
  return `${TEST_DB_PREFIX}${runId}_template`;
}

export function testDatabaseName(runId: string): string {
  return `${TEST_DB_PREFIX}${runId}_${randomBytes(4).toString('hex')}`;
}
