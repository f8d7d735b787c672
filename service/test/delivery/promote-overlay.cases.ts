import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { compiledFile, REPOSITORY_ROOT } from '../support/compiled';

const run = promisify(execFile);

function uniqueImage(host = 'registry.example.test:5000'): { repository: string; digest: string; reference: string } {
  const repository = `${host}/team-${randomBytes(3).toString('hex')}/gitops-service`;
  const digest = `sha256:${randomBytes(32).toString('hex')}`;
  return { repository, digest, reference: `${repository}@${digest}` };
}

async function promote(root: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // The compiled CLI resolves the checkout from its own location, so a copy of dist/ + deploy/ is a checkout.
  const cli = path.join(root, 'dist/service/src/cli/promote.js');
  return run(process.execPath, [cli, ...args], { cwd: root }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

function lastJson(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

describe('make promote (deploy/overlays/<env>/kustomization.yaml)', () => {
  let root: string;

  // dist/ and yaml are copied once (the CLI only reads them); every test gets a fresh deploy/.
  beforeAll(async () => {
    compiledFile('service/src/cli/promote.js');
    root = await mkdtemp(path.join(os.tmpdir(), 'promote-test-'));
    await cp(path.join(REPOSITORY_ROOT, 'dist'), path.join(root, 'dist'), { recursive: true });
    await cp(path.join(REPOSITORY_ROOT, 'node_modules/yaml'), path.join(root, 'node_modules/yaml'), { recursive: true });
  });

  beforeEach(async () => {
    await rm(path.join(root, 'deploy'), { recursive: true, force: true });
    await cp(path.join(REPOSITORY_ROOT, 'deploy'), path.join(root, 'deploy'), { recursive: true });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('When given an image pinned by digest, then the overlay names it and keeps every comment and the key order', async () => {
    // Arrange
    const file = path.join(root, 'deploy/overlays/production/kustomization.yaml');
    const before = await readFile(file, 'utf8');
    const image = uniqueImage();

    // Act
    const result = await promote(root, ['--env', 'production', '--image', image.reference, '--json']);

    // Assert
    expect(result.code).toBe(0);
    expect(lastJson(result.stdout)).toMatchObject({ stage: 'promote', ok: true, changed: true, image: image.reference });
    const after = await readFile(file, 'utf8');
    const comments = (text: string) => text.split('\n').filter((line) => line.trim().startsWith('#'));
    expect(comments(after)).toEqual(comments(before));
    expect(Object.keys(parse(after) as object)).toEqual(Object.keys(parse(before) as object));
    const images = (parse(after) as { images: Record<string, string>[] }).images;
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({ newName: image.repository, digest: image.digest });
    expect(images[0]).not.toHaveProperty('newTag');
    const untouched = (text: string) => text.split('\n').filter((line) => !/newName:|digest:/.test(line));
    expect(untouched(after)).toEqual(untouched(before));
  });

  test('When the overlay already names the image, then nothing is rewritten and changed is false', async () => {
    // Arrange
    const image = uniqueImage('docker.io');
    await promote(root, ['--env', 'staging', '--image', image.reference]);
    const file = path.join(root, 'deploy/overlays/staging/kustomization.yaml');
    const before = await readFile(file, 'utf8');

    // Act
    const result = await promote(root, ['--env', 'staging', '--image', image.reference, '--json']);

    // Assert
    expect(result.code).toBe(0);
    expect(lastJson(result.stdout)).toMatchObject({ ok: true, changed: false });
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  test.each([
    ['a tag', 'docker.io/acme/gitops-service:latest', 'no digest'],
    ['a tag beside the digest', `docker.io/acme/gitops-service:v1@sha256:${'c'.repeat(64)}`, 'tag beside the digest'],
    ['a short digest', 'docker.io/acme/gitops-service@sha256:abc123', 'not sha256: followed by 64'],
    ['an uppercase digest', `docker.io/acme/gitops-service@sha256:${'C'.repeat(64)}`, 'not sha256: followed by 64'],
    ['another algorithm', `docker.io/acme/gitops-service@sha512:${'c'.repeat(128)}`, 'not sha256: followed by 64'],
    ['an invalid repository', `docker.io/Acme/gitops-service@sha256:${'c'.repeat(64)}`, 'not a valid repository name'],
  ])('When the image has %s, then it is refused with exit 2 and the overlay is unchanged', async (_case, reference, reason) => {
    // Arrange
    const file = path.join(root, 'deploy/overlays/staging/kustomization.yaml');
    const before = await readFile(file, 'utf8');

    // Act
    const result = await promote(root, ['--env', 'staging', '--image', reference, '--json']);

    // Assert
    expect(result.code).toBe(2);
    expect(lastJson(result.stdout)).toMatchObject({ stage: 'promote', ok: false, exitCode: 2 });
    expect(result.stderr).toContain(reason);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  test('When the environment has no overlay, then it fails naming the missing file', async () => {
    // Arrange
    const environment = `nowhere-${randomBytes(3).toString('hex')}`;

    // Act
    const result = await promote(root, ['--env', environment, '--image', uniqueImage().reference]);

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`deploy/overlays/${environment}/kustomization.yaml does not exist`);
  });
});
