import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeliveryError } from './delivery-error';
import { docker, dockerOk, secondsSince } from './docker-cli';

export const DOCKER_HUB = 'docker.io';

export interface PushOptions {
  /** The local image to push (what `make image` built). */
  readonly image: string;
  /** Registry host; Docker Hub unless given (`127.0.0.1:5000`, `ghcr.io`, ...). */
  readonly registry: string;
  /** Repository inside the registry; `<username>/gitops-service` unless given. */
  readonly repository?: string;
  /** Tag pushed alongside the digest; the commit when known. */
  readonly tag: string;
  readonly username: string;
  readonly token: string;
}

export interface PushResult {
  /** `<registry>/<repository>`, the name an overlay pins with `@sha256:...`. */
  readonly repository: string;
  readonly tag: string;
  readonly digest: string;
  /** `<registry>/<repository>@sha256:...`: what deploys and `make promote` take. */
  readonly reference: string;
  readonly seconds: number;
}

const CREDENTIALS_HINT = 'Set DOCKERHUB_USERNAME and DOCKERHUB_TOKEN (a Docker Hub access token with write scope)';

/** Reads the credentials from the environment only; they never travel as arguments. */
export function credentialsFrom(env: NodeJS.ProcessEnv): { username: string; token: string } {
  const username = env.DOCKERHUB_USERNAME ?? '';
  const token = env.DOCKERHUB_TOKEN ?? '';
  const missing = [!username && 'DOCKERHUB_USERNAME', !token && 'DOCKERHUB_TOKEN'].filter(Boolean);
  if (missing.length > 0) throw new DeliveryError(`${missing.join(' and ')} not set. ${CREDENTIALS_HINT}.`, 2);
  return { username, token };
}

export function targetRepository(options: Pick<PushOptions, 'registry' | 'repository' | 'username'>): string {
  // `make init` renames the repository part (after the slash) to the fork's image repository.
  const repository = options.repository || `${options.username.toLowerCase()}/gitops-service`;
  if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(repository)) {
    throw new DeliveryError(
      `IMAGE_REPOSITORY ${JSON.stringify(repository)} is not a valid repository name (lowercase, e.g. acme/gitops-service).`,
      2,
    );
  }
  return `${options.registry}/${repository}`;
}

/** The digest docker reports for the pushed tag (`<tag>: digest: sha256:... size: N`). */
export function digestFromPushOutput(output: string): string {
  const match = /digest: (sha256:[0-9a-f]{64})/.exec(output);
  if (!match?.[1])
    throw new DeliveryError(`docker push finished but reported no digest:\n${output.trim().split('\n').slice(-4).join('\n')}`);
  return match[1];
}

async function login(config: string, options: PushOptions): Promise<void> {
  const result = await docker(['--config', config, 'login', options.registry, '--username', options.username, '--password-stdin'], {
    input: options.token,
  });
  if (result.code !== 0) {
    const reason = result.stderr.trim().split('\n').slice(-1)[0] ?? '';
    throw new DeliveryError(
      `login to ${options.registry} as ${options.username} was refused: ${reason}. Nothing was pushed. ${CREDENTIALS_HINT}.`,
    );
  }
}

/**
 * Tags the local image for the registry and pushes it, logged in through a private, temporary
 * DOCKER_CONFIG: the token goes to `docker login --password-stdin` and never lands in ~/.docker.
 */
export async function pushImage(options: PushOptions): Promise<PushResult> {
  const repository = targetRepository(options);
  const tagged = `${repository}:${options.tag}`;
  await dockerOk(`finding the local image ${options.image} (build it with \`make image\`)`, [
    'image',
    'inspect',
    '--format',
    '{{.Id}}',
    options.image,
  ]);
  const config = mkdtempSync(path.join(tmpdir(), 'image-push-'));
  try {
    await login(config, options);
    await dockerOk(`docker tag ${options.image} ${tagged}`, ['tag', options.image, tagged]);
    const started = performance.now();
    const output = await dockerOk(`docker push ${tagged}`, ['--config', config, 'push', tagged], { stream: true });
    const digest = digestFromPushOutput(output);
    return { repository, tag: options.tag, digest, reference: `${repository}@${digest}`, seconds: secondsSince(started) };
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
}
