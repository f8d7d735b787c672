import { execFileSync } from 'node:child_process';
import { DeliveryError } from './delivery-error';
import { dockerOk, secondsSince } from './docker-cli';

export const DEFAULT_IMAGE = 'gitops-service:local';

export interface BuildOptions {
  /** Name (and tag) given to the built image. */
  readonly image: string;
  /** Base image for every stage; empty keeps the Dockerfile's digest-pinned default. */
  readonly nodeImage?: string;
  /** Commit the image is built from, recorded in its GIT_SHA for migration audit rows. */
  readonly gitSha?: string;
  readonly context: string;
}

export interface BuildResult {
  readonly image: string;
  readonly id: string;
  readonly sizeBytes: number;
  readonly seconds: number;
  readonly gitSha: string;
}

/** The checkout's commit when there is one; an image from a tree outside git records none. */
export function currentGitSha(cwd: string): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return '';
  }
}

export function buildArgs(options: BuildOptions, gitSha: string): string[] {
  const args = ['build', '--tag', options.image, '--build-arg', `GIT_SHA=${gitSha}`];
  if (options.nodeImage) args.push('--build-arg', `NODE_IMAGE=${options.nodeImage}`);
  args.push(options.context);
  return args;
}

/** `docker build` of the repository's Dockerfile, with docker's progress streamed to stderr. */
export async function buildImage(options: BuildOptions): Promise<BuildResult> {
  if (/\s/.test(options.image) || options.image === '')
    throw new DeliveryError(`IMAGE must be an image name, got ${JSON.stringify(options.image)}.`, 2);
  const gitSha = options.gitSha ?? currentGitSha(options.context);
  const started = performance.now();
  await dockerOk(`docker build of ${options.image}`, buildArgs(options, gitSha), { stream: true });
  const seconds = secondsSince(started);
  const [id = '', size = '0'] = (
    await dockerOk('docker image inspect', ['image', 'inspect', '--format', '{{.Id}} {{.Size}}', options.image])
  ).split(' ');
  return { image: options.image, id, sizeBytes: Number(size), seconds, gitSha };
}
