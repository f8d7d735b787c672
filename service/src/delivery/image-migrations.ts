import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from '../backup/run-tool';
import { toolEnv, type DeployContext } from './deploy-context';
import { DeliveryError } from './delivery-error';

// Where the image keeps them (Dockerfile): its compiled tree, whose migrations/ are the runnables,
// and the .ts sources whose checksums are recorded. The whole compiled tree comes out (about 1.5
// MB), not only migrations/: a migration may import the image's own code (a drop migration that
// make resource-remove writes imports ../service/src/migrator/replay), and it must resolve to the
// image's copy, as it does when the migrate stage runs inside the image.
const IN_IMAGE = { compiled: '/app/dist', sources: '/app/migrations' };

export interface ImageMigrations {
  readonly migrationsDir: string;
  readonly sourcesDir: string;
}

function docker(ctx: DeployContext, args: string[]): Promise<string> {
  return runTool({ command: ctx.docker, args, env: toolEnv(ctx) }, { captureStdout: true, onLine: (line) => ctx.progress(`  ${line}`) });
}

/**
 * Runs `work` with the migrations of the image being deployed, copied out of it: the rehearsal
 * applies exactly what the migrate stage will, whatever the checkout holds. They go under the
 * checkout's .deploy/ so the compiled files resolve their imports (sequelize) from its node_modules.
 */
export async function withImageMigrations<T>(ctx: DeployContext, work: (dirs: ImageMigrations) => Promise<T>): Promise<T> {
  const dir = path.join(ctx.root, '.deploy', `image-migrations-${randomBytes(4).toString('hex')}`);
  const container = `deploy-migrations-${randomBytes(6).toString('hex')}`;
  await mkdir(dir, { recursive: true });
  try {
    ctx.progress(`rehearse: copying the migrations out of ${ctx.image.reference} ...`);
    await docker(ctx, ['create', '--name', container, ctx.image.reference]).catch((error: Error) => {
      throw new DeliveryError(
        `cannot read the migrations of ${ctx.image.reference}: ${error.message}. Is the image pushed and the registry login done?`,
      );
    });
    try {
      await docker(ctx, ['cp', `${container}:${IN_IMAGE.compiled}`, path.join(dir, 'dist')]);
      await docker(ctx, ['cp', `${container}:${IN_IMAGE.sources}`, path.join(dir, 'sources')]);
    } finally {
      await docker(ctx, ['rm', container]).catch(() => undefined);
    }
    return await work({ migrationsDir: path.join(dir, 'dist', 'migrations'), sourcesDir: path.join(dir, 'sources') });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
