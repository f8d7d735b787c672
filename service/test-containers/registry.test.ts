import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { docker, dockerOk } from '../src/delivery/docker-cli';
import { smokeImage } from '../src/delivery/image-smoke';
import { startLocalRegistry, type LocalRegistry } from '../test/support/local-registry';
import { runMake, testImage } from './support/run-make';

function basicAuth(registry: LocalRegistry): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}` };
}

async function repositoriesIn(registry: LocalRegistry): Promise<string[]> {
  const response = await fetch(`http://${registry.host}/v2/_catalog`, { headers: basicAuth(registry) });
  return ((await response.json()) as { repositories: string[] }).repositories;
}

describe('Pushing the image to a registry with make image-push', () => {
  let registry: LocalRegistry;
  let config: string;

  beforeAll(async () => {
    registry = await startLocalRegistry();
    config = mkdtempSync(path.join(tmpdir(), 'pull-config-'));
  });

  afterAll(async () => {
    rmSync(config, { recursive: true, force: true });
    // Local names this run gave the image for the registry, left behind when a test failed half-way.
    const tagged = await docker(['images', '--format', '{{.Repository}}:{{.Tag}}', '--filter', `reference=${registry.host}/*/*`]);
    const names = tagged.stdout.split('\n').filter(Boolean);
    if (names.length > 0) await docker(['rmi', ...names]);
    await registry?.stop();
  });

  function pushEnv(repository: string, token = registry.password) {
    const tag = randomBytes(4).toString('hex');
    return {
      IMAGE: testImage(),
      REGISTRY: registry.host,
      IMAGE_REPOSITORY: repository,
      GIT_SHA: tag,
      DOCKERHUB_USERNAME: registry.username,
      DOCKERHUB_TOKEN: token,
    };
  }

  test('When it pushes with the credentials in the environment, then the migration step and the server run by digest pulled back from the registry', async () => {
    const repository = `acme/gitops-service-${randomBytes(3).toString('hex')}`;
    const env = pushEnv(repository);

    const push = await runMake(['image-push'], env);

    expect({ code: push.code, stderr: push.code === 0 ? '' : push.stderr }).toEqual({ code: 0, stderr: '' });
    const [reference = '', json = '{}'] = push.stdout.trim().split('\n');
    expect(reference).toMatch(new RegExp(`^${registry.host}/${repository}@sha256:[0-9a-f]{64}$`));
    expect(JSON.parse(json)).toMatchObject({ reference, repository: `${registry.host}/${repository}`, tag: env.GIT_SHA });
    expect(`${push.stdout}${push.stderr}`).not.toContain(registry.password);
    // Drop every local name of the pushed repository, so only the registry can provide it.
    await dockerOk('docker rmi', ['rmi', `${registry.host}/${repository}:${env.GIT_SHA}`]);
    await docker(['rmi', reference]);
    expect((await docker(['image', 'inspect', reference])).code).not.toBe(0);
    const anonymous = await docker(['--config', config, 'pull', reference]);
    expect(anonymous.code).not.toBe(0);
    await dockerOk('docker login', ['--config', config, 'login', registry.host, '--username', registry.username, '--password-stdin'], {
      input: registry.password,
    });
    const pullStarted = performance.now();
    await dockerOk('docker pull by digest', ['--config', config, 'pull', reference]);
    const pullSeconds = Math.round((performance.now() - pullStarted) / 100) / 10;

    try {
      const figures = await smokeImage({
        image: reference,
        postgresImage: process.env.POSTGRES_IMAGE,
        port: 8081,
        progress: () => undefined,
      });

      expect(figures).toMatchObject({ uid: 1000, exitCode: 0 });
      process.stdout.write(`registry round trip: push ${String(JSON.parse(json).seconds)} s, pull by digest ${pullSeconds} s\n`);
    } finally {
      await docker(['rmi', reference]);
    }
  });

  test('When the token is wrong, then it fails naming the registry and nothing is pushed', async () => {
    const repository = `acme/refused-${randomBytes(3).toString('hex')}`;

    const push = await runMake(['image-push'], pushEnv(repository, 'not-the-password'));

    expect(push.code).not.toBe(0);
    expect(push.stderr).toContain(`login to ${registry.host} as ${registry.username} was refused`);
    expect(push.stderr).toContain('Nothing was pushed');
    expect(push.stdout).not.toContain('@sha256:');
    expect(await repositoriesIn(registry)).not.toContain(repository);
  });

  test('When DOCKERHUB_TOKEN is not set, then it exits 2 naming the variable before logging in', async () => {
    const env = { ...pushEnv('acme/unset'), DOCKERHUB_TOKEN: '' };

    const push = await runMake(['image-push'], env);

    expect(push.code).not.toBe(0);
    expect(push.stderr).toMatch(/DOCKERHUB_TOKEN not set/);
    expect(push.stderr).toMatch(/Error 2$/m);
  });
});
