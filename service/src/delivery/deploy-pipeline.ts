import { acquireDeployLock } from './deploy-lock';
import type { DeployContext } from './deploy-context';
import { backupStage } from './stage-backup';
import { migrateStage } from './stage-migrate';
import { promoteStage } from './stage-promote';
import { rehearseStage } from './stage-rehearse';

export const STAGES = {
  backup: backupStage,
  rehearse: rehearseStage,
  migrate: migrateStage,
  promote: promoteStage,
} as const;

export type Stage = keyof typeof STAGES;
export const STAGE_ORDER = Object.keys(STAGES) as Stage[];

export interface StageRun {
  readonly stage: Stage;
  readonly durationMs: number;
  readonly result: object;
}

/**
 * Runs the given stages in order under the environment's deploy lock, stopping at the first
 * failure (the error propagates; stages after it never start). `make deploy` runs all four in one
 * lock; a CI job runs one, with the state directory carried over as an artifact.
 */
export async function runStages(
  ctx: DeployContext,
  stages: readonly Stage[],
  onDone: (run: StageRun) => void = () => undefined,
): Promise<StageRun[]> {
  const lock = await acquireDeployLock(ctx.databaseUrl, ctx.environment, ctx.lockWaitMs, ctx.progress);
  const runs: StageRun[] = [];
  try {
    for (const stage of stages) {
      const started = performance.now();
      const result = await STAGES[stage](ctx);
      const run = { stage, durationMs: Math.round(performance.now() - started), result };
      runs.push(run);
      ctx.progress(`== ${stage} done in ${(run.durationMs / 1000).toFixed(1)} s`);
      onDone(run);
    }
    return runs;
  } finally {
    await lock.release();
  }
}
