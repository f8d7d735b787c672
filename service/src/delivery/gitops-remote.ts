import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runTool } from '../backup/run-tool';
import { redactConnectionString } from '../redact';
import { toolEnv, type DeployContext } from './deploy-context';
import { DeliveryError } from './delivery-error';
import { promoteOverlay } from './overlay-image';

export interface PushResult {
  readonly commit: string | null;
  readonly remote: string;
  readonly branch: string;
}

const ATTEMPTS = 3;

/** git's environment: a token (GITOPS_TOKEN) becomes an HTTP header through git's config variables, never an argument. */
function gitEnv(ctx: DeployContext): Record<string, string | undefined> {
  const env = toolEnv(ctx, { GIT_TERMINAL_PROMPT: '0' });
  const token = ctx.env.GITOPS_TOKEN;
  if (!token) return env;
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return { ...env, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}` };
}

function git(ctx: DeployContext, cwd: string, args: string[]): Promise<string> {
  return runTool({ command: 'git', args: ['-C', cwd, ...args], env: gitEnv(ctx) }, { captureStdout: true });
}

function commitMessage(ctx: DeployContext, backupId: string): string {
  return `deploy(${ctx.environment}): ${ctx.image.reference}\n\nAfter verified backup ${backupId}, a passed rehearsal and the migration from this image.`;
}

/** One attempt on a fresh shallow clone; false when the push lost a race with another push. */
async function attempt(ctx: DeployContext, remote: string, branch: string, backupId: string, dir: string): Promise<string | null | false> {
  await runTool({
    command: 'git',
    args: ['clone', '--quiet', '--depth', '1', '--branch', branch, '--single-branch', remote, dir],
    env: gitEnv(ctx),
  });
  const change = await promoteOverlay(dir, ctx.environment, ctx.image);
  if (!change.changed) return null;
  await git(ctx, dir, ['add', path.relative(dir, change.file)]);
  const name = ctx.env.GITOPS_AUTHOR_NAME ?? 'gitops-deploy';
  const email = ctx.env.GITOPS_AUTHOR_EMAIL ?? 'gitops-deploy@users.noreply.github.com';
  await git(ctx, dir, ['-c', `user.name=${name}`, '-c', `user.email=${email}`, 'commit', '--quiet', '-m', commitMessage(ctx, backupId)]);
  const pushed = await git(ctx, dir, ['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`]).then(
    () => true,
    (error: Error) => {
      if (/rejected|fetch first|non-fast-forward/i.test(error.message)) return false;
      throw error;
    },
  );
  return pushed ? (await git(ctx, dir, ['rev-parse', 'HEAD'])).trim() : false;
}

/**
 * Writes the image into the overlay on a fresh clone of the GitOps remote's branch, commits and
 * pushes; a push that lost a race with another commit is retried on a new clone.
 */
export async function pushOverlay(ctx: DeployContext, remote: string, branch: string, backupId: string): Promise<PushResult> {
  const shown = redactConnectionString(remote);
  for (let round = 1; round <= ATTEMPTS; round += 1) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'deploy-gitops-'));
    try {
      ctx.progress(`promote: writing ${ctx.image.digest} into ${ctx.environment}'s overlay on ${shown} ${branch} ...`);
      const commit = await attempt(ctx, remote, branch, backupId, path.join(dir, 'repo'));
      if (commit !== false) return { commit, remote: shown, branch };
      ctx.progress(`promote: ${branch} moved while pushing; trying again on a fresh clone (${round}/${ATTEMPTS})`);
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      throw new DeliveryError(`pushing to the GitOps remote ${shown} failed: ${redactConnectionString((error as Error).message)}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  throw new DeliveryError(`${shown} ${branch} kept moving; ${ATTEMPTS} pushes were rejected. Run \`make deploy-promote\` again.`);
}
