import path from 'node:path';
import { postgresUrlProblem } from '../db/postgres-url';
import { describeDatabase } from '../redact';
import { DELIVERY_EXIT, DeliveryError } from './delivery-error';
import { parsePinnedImage, type PinnedImage } from './image-ref';
import { overlayFile } from './overlay-image';

type Env = Record<string, string | undefined>;

/** Everything a stage needs, read once from options and environment. */
export interface DeployContext {
  readonly environment: string;
  readonly image: PinnedImage;
  readonly databaseUrl: string;
  /** Where stages hand over: backup/, backup.json, rehearsal.json, migrate.json. */
  readonly stateDir: string;
  /** The checkout of this template (its tooling; throwaway files go under .deploy/ here). */
  readonly root: string;
  /** Server on which the backup is proven by restore (default: the target's own server). */
  readonly verifyUrl: string;
  readonly lockWaitMs: number;
  readonly docker: string;
  readonly env: Env;
  readonly progress: (line: string) => void;
}

export interface ContextInput {
  readonly environment?: string;
  readonly image?: string;
  readonly stateDir?: string;
  readonly root: string;
  readonly env: Env;
  readonly progress: (line: string) => void;
}

function required(value: string | undefined, what: string): string {
  if (value === undefined || value.trim() === '') throw new DeliveryError(`${what} is required.`, DELIVERY_EXIT.usage);
  return value.trim();
}

function databaseUrlFrom(env: Env, name: string): string {
  const raw = required(env[name], `${name} (the database of the environment being deployed)`);
  const problem = postgresUrlProblem(raw);
  if (problem) throw new DeliveryError(`${name} ${problem}`, DELIVERY_EXIT.usage);
  return raw;
}

function milliseconds(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new DeliveryError(`${name} must be a whole number of milliseconds (got "${raw}").`, DELIVERY_EXIT.usage);
  return Number(raw);
}

export function buildContext(input: ContextInput): DeployContext {
  const environment = required(input.environment, '--env (ENV=staging)');
  overlayFile(input.root, environment);
  const image = parsePinnedImage(required(input.image, '--image (IMAGE=<repository>@sha256:<digest>)'));
  const databaseUrl = databaseUrlFrom(input.env, 'DATABASE_URL');
  return {
    environment,
    image,
    databaseUrl,
    stateDir: path.resolve(input.root, input.stateDir ?? input.env.DEPLOY_STATE_DIR ?? path.join('.deploy', environment)),
    root: input.root,
    verifyUrl: input.env.DEPLOY_VERIFY_URL ? databaseUrlFrom(input.env, 'DEPLOY_VERIFY_URL') : databaseUrl,
    lockWaitMs: milliseconds(input.env.DEPLOY_LOCK_WAIT_MS, 0, 'DEPLOY_LOCK_WAIT_MS'),
    docker: input.env.DOCKER ?? 'docker',
    env: input.env,
    progress: input.progress,
  };
}

/**
 * What every stage's state file and JSON line start with. The database (host:port/name, no
 * credentials) is part of it so a stage never acts on a backup or rehearsal of another database.
 */
export function identity(ctx: DeployContext): { environment: string; image: string; database: string } {
  return { environment: ctx.environment, image: ctx.image.reference, database: describeDatabase(ctx.databaseUrl) };
}

/** The environment for tools that need no database (git, docker, PROMOTE_COMMAND): no connection string reaches them. */
export function toolEnv(ctx: DeployContext, extra: Env = {}): Env {
  const env: Env = { ...ctx.env, ...extra };
  for (const name of ['DATABASE_URL', 'DEPLOY_VERIFY_URL', 'TEST_DATABASE_URL']) delete env[name];
  return env;
}
