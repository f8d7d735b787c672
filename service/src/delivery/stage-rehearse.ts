import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { rehearse, type Rehearsal } from '../migration-review/rehearsal';
import { redactConnectionString } from '../redact';
import { identity, type DeployContext } from './deploy-context';
import { forgetLaterStages, readState, writeState, type RehearsalState } from './deploy-state';
import { DELIVERY_EXIT, DeliveryError } from './delivery-error';
import { withImageMigrations } from './image-migrations';
import { backupDir } from './stage-backup';

function summarize(ctx: DeployContext, backupId: string, rehearsal: Rehearsal): RehearsalState {
  return {
    ...identity(ctx),
    backupId,
    lintPassed: rehearsal.lintPassed,
    findings: rehearsal.findings.length,
    pending: rehearsal.plan.migrations.map((migration) => migration.name),
    applied: rehearsal.migrations.map(({ name, durationMs }) => ({ name, durationMs })),
  };
}

/**
 * Stage 2: restore the verified backup into a throwaway database, plan and lint the image's
 * pending migrations, apply them there. Writes rehearsal.json (the summary migrate checks) and
 * rehearsal-report.json (plan SQL, findings, durations and locks per migration) either way.
 */
export async function rehearseStage(ctx: DeployContext): Promise<RehearsalState & { report: string }> {
  const backup = await readState(ctx.stateDir, 'backup', identity(ctx));
  await forgetLaterStages(ctx.stateDir, 'rehearsal');
  const fromBackup = path.join(backupDir(ctx), backup.dumpFile);
  const progress = (line: string) => ctx.progress(`  ${line}`);
  const rehearsal = await withImageMigrations(ctx, (dirs) => rehearse({ targetUrl: ctx.databaseUrl, fromBackup, ...dirs, progress })).catch(
    (error: Error) => {
      if (error instanceof DeliveryError) throw error;
      throw new DeliveryError(
        `rehearsal on a copy of ${backup.backupId} failed: ${redactConnectionString(error.message)} The real database was not touched; fix the migration and build a new image.`,
        DELIVERY_EXIT.rehearsal,
      );
    },
  );
  const state = summarize(ctx, backup.backupId, rehearsal);
  const report = path.join(ctx.stateDir, 'rehearsal-report.json');
  await writeState(ctx.stateDir, 'rehearsal', state);
  await writeStateReport(report, rehearsal);
  if (!rehearsal.lintPassed) {
    const rules = [...new Set(rehearsal.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} in ${f.migration}`))];
    throw new DeliveryError(
      `lint found unaccepted findings (${rules.join(', ')}); migrate will not run. Review them (${report}) and change the migration or accept the finding in it.`,
      DELIVERY_EXIT.rehearsal,
    );
  }
  ctx.progress(`rehearse: ${state.applied.length} migration(s) applied to the copy, lint passed (${state.findings} accepted finding(s))`);
  return { ...state, report };
}

async function writeStateReport(file: string, rehearsal: Rehearsal): Promise<void> {
  await writeFile(file, `${JSON.stringify(rehearsal, null, 2)}\n`, { mode: 0o600 });
}
