import { runTool } from '../backup/run-tool';
import { identity, toolEnv, type DeployContext } from './deploy-context';
import { readState } from './deploy-state';
import { DELIVERY_EXIT, DeliveryError } from './delivery-error';
import { pushOverlay } from './gitops-remote';

export interface PromoteResult {
  readonly environment: string;
  readonly image: string;
  readonly backupId: string;
  /** The overlay commit on the GitOps remote; null when it already named this image (or a command promoted). */
  readonly commit: string | null;
  readonly remote?: string;
  readonly branch?: string;
  readonly command?: boolean;
}

async function gitOpsRemote(ctx: DeployContext): Promise<string> {
  if (ctx.env.GITOPS_REMOTE) return ctx.env.GITOPS_REMOTE;
  const origin = await runTool(
    { command: 'git', args: ['-C', ctx.root, 'remote', 'get-url', 'origin'], env: toolEnv(ctx) },
    { captureStdout: true },
  ).catch(() => '');
  if (!origin.trim()) {
    throw new DeliveryError(
      'no GitOps remote: set GITOPS_REMOTE to the repository holding deploy/overlays (a URL or path).',
      DELIVERY_EXIT.usage,
    );
  }
  return origin.trim();
}

/**
 * Stage 4: the image goes into deploy/overlays/<env>/kustomization.yaml on the GitOps remote
 * (Argo CD or Flux sync it), or a caller-given PROMOTE_COMMAND does the promoting. Only after
 * this image's migration succeeded against this environment.
 */
export async function promoteStage(ctx: DeployContext): Promise<PromoteResult> {
  const backup = await readState(ctx.stateDir, 'backup', identity(ctx));
  const migrated = await readState(ctx.stateDir, 'migrate', identity(ctx));
  if (migrated.backupId !== backup.backupId) {
    throw new DeliveryError(
      `migrate.json belongs to backup ${migrated.backupId}, not ${backup.backupId}; run \`make deploy-migrate\` first.`,
      DELIVERY_EXIT.order,
    );
  }
  const base = { ...identity(ctx), backupId: migrated.backupId };
  const command = ctx.env.PROMOTE_COMMAND;
  if (command) {
    ctx.progress('promote: running PROMOTE_COMMAND ...');
    const env = toolEnv(ctx, {
      DEPLOY_ENVIRONMENT: ctx.environment,
      DEPLOY_IMAGE: ctx.image.reference,
      DEPLOY_BACKUP_ID: migrated.backupId,
    });
    await runTool({ command: 'bash', args: ['-c', command], env }, { onLine: (line) => ctx.progress(`  ${line}`) }).catch(
      (error: Error) => {
        throw new DeliveryError(`PROMOTE_COMMAND failed: ${error.message}`);
      },
    );
    return { ...base, commit: null, command: true };
  }
  const branch = ctx.env.GITOPS_BRANCH ?? 'main';
  const pushed = await pushOverlay(ctx, await gitOpsRemote(ctx), branch, migrated.backupId);
  ctx.progress(
    pushed.commit
      ? `promote: pushed ${pushed.commit} to ${pushed.remote} ${branch}`
      : 'promote: the overlay already names this image; nothing to commit',
  );
  return { ...base, ...pushed };
}
