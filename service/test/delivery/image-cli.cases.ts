import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildArgs } from '../../src/delivery/image-build';
import { credentialsFrom, digestFromPushOutput, targetRepository } from '../../src/delivery/image-push';
import { compiledFile, REPOSITORY_ROOT } from '../support/compiled';

const run = promisify(execFile);

async function imageCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // The compiled CLI (make test builds dist/): through tsx, each run would add a wrapper process and a transform.
  const cli = compiledFile('service/src/cli/image.js');
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { cwd: REPOSITORY_ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('The image CLI (make image, image-push, image-smoke)', () => {
  test('When asked for --help, then it lists the commands and every variable it reads', async () => {
    const result = await imageCli(['--help']);

    expect(result.code).toBe(0);
    for (const word of [
      'build',
      'push',
      'smoke',
      'IMAGE',
      'NODE_IMAGE',
      'GIT_SHA',
      'DOCKERHUB_USERNAME',
      'DOCKERHUB_TOKEN',
      'REGISTRY',
      '--json',
    ]) {
      expect(result.stdout).toContain(word);
    }
  });

  test('When the command or an option is unknown, then it exits 2 with the usage and no stack trace', async () => {
    const [command, option] = await Promise.all([imageCli(['deploy']), imageCli(['push', '--token=x'])]);

    expect(command).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "deploy"') });
    expect(option).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--token'") });
    expect(option.stderr).not.toMatch(/\n\s+at /);
  });

  test('When a credential is missing, then the error names each missing variable', () => {
    expect(() => credentialsFrom({ DOCKERHUB_USERNAME: 'acme' })).toThrow('DOCKERHUB_TOKEN not set');
    expect(() => credentialsFrom({})).toThrow('DOCKERHUB_USERNAME and DOCKERHUB_TOKEN not set');
    expect(credentialsFrom({ DOCKERHUB_USERNAME: 'acme', DOCKERHUB_TOKEN: 't' })).toEqual({ username: 'acme', token: 't' });
  });

  test('When no repository is given, then it is <username>/gitops-service on the registry; a bad name is refused', () => {
    expect(targetRepository({ registry: 'docker.io', username: 'Acme' })).toBe('docker.io/acme/gitops-service');
    expect(targetRepository({ registry: '127.0.0.1:5000', username: 'x', repository: 'team/api' })).toBe('127.0.0.1:5000/team/api');
    expect(() => targetRepository({ registry: 'docker.io', username: 'x', repository: 'Team/API' })).toThrow(/not a valid repository name/);
  });

  test('When docker push reports the digest, then it is read; when it does not, then the error quotes the output', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;

    expect(digestFromPushOutput(`abc: Pushed\nv1: digest: ${digest} size: 1573\n`)).toBe(digest);
    expect(() => digestFromPushOutput('abc: Pushed\n')).toThrow(/reported no digest:\nabc: Pushed/);
  });

  test('When NODE_IMAGE is empty, then the build keeps the Dockerfile default; when set, then it is passed', () => {
    const base = { image: 'app:t', context: '.' };

    expect(buildArgs(base, 'abc')).toEqual(['build', '--tag', 'app:t', '--build-arg', 'GIT_SHA=abc', '.']);
    expect(buildArgs({ ...base, nodeImage: 'local/node:24' }, '')).toContain('NODE_IMAGE=local/node:24');
  });
});
