import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runInitCli } from '../../dev/init-fork-cli';
import { REPOSITORY_ROOT } from '../support/compiled';
import { captureCli, type CliRun } from '../support/cli-run';

// The template's own names, as a fork finds them before `make init`.
const TEMPLATE_NAMES = ['gitops-service-template', 'gitops-service', 'YOUR_DOCKERHUB_USER'];
const INIT = path.join(REPOSITORY_ROOT, 'service/dev/init-fork.ts');

/** In-process: fast, and what every case but the one below needs. */
function runInit(root: string, args: string[]): CliRun {
  return captureCli((io) => runInitCli(['--root', root, ...args], io));
}

/** As `make init` runs it: its own process through tsx. */
function spawnInit(root: string, args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', INIT, '--root', root, ...args],
      { cwd: REPOSITORY_ROOT, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

function git(root: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8' });
}

/** Files holding a word; git grep exits 1 when there are none. */
function filesContaining(root: string, word: string, excluded: string[]): string[] {
  try {
    return git(root, 'grep', '-l', '-w', '--fixed-strings', word, '--', '.', ...excluded.map((p) => `:!${p}`))
      .split('\n')
      .filter(Boolean);
  } catch (error) {
    if ((error as { status?: number }).status === 1) return [];
    throw error;
  }
}

function read(root: string, file: string): string {
  return readFileSync(path.join(root, file), 'utf8');
}

// One clone, initialised once as `make init` runs it; each test reads what that run left. prettier
// runs inside init and in the style check, several seconds of CPU each: once is enough.
describe('make init on a fresh copy of the repository', () => {
  let copy: string;
  let first: CliRun;

  beforeAll(async () => {
    copy = path.join(mkdtempSync(path.join(tmpdir(), 'init-fork-')), 'repo');
    execFileSync('git', ['clone', '-q', REPOSITORY_ROOT, copy]);
    first = await spawnInit(copy, ['--name', 'orders-api', '--image', 'acme4/orders']);
  });

  afterAll(() => rmSync(path.dirname(copy), { recursive: true, force: true }));

  test('When a fork is initialised, then the package, lock file, image, Kubernetes names and README title carry the new names', () => {
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(read(copy, 'package.json'))).toMatchObject({ name: 'orders-api' });
    expect(JSON.parse(read(copy, 'package-lock.json'))).toMatchObject({ name: 'orders-api', packages: { '': { name: 'orders-api' } } });
    expect(read(copy, 'README.md').split('\n')[0]).toBe('# orders-api');
    const production = read(copy, 'deploy/overlays/production/kustomization.yaml');
    expect(production).toContain('namespace: orders-api-production');
    expect(production).toContain('docker.io/acme4/orders');
    expect(read(copy, 'deploy/base/deployment.yaml')).toContain('name: orders-api-database');
    // The image repository is the fork's, not its service name, wherever a pushed image is named.
    expect(read(copy, 'service/src/delivery/image-push.ts')).toContain('/orders`');
    expect(read(copy, 'docs/deploy-gitops.md')).not.toContain('/orders-api@');
    expect(first.stdout).toMatch(/changed \d+ files:/);
  });

  test("When a fork is initialised, then no tracked file outside the changelog and the rename tool keeps a template name, and every changed file is in the project's style", () => {
    const excluded = ['CHANGELOG.md', 'service/dev/fork-*', 'service/dev/init-fork.ts', 'service/test/fork/'];
    const leftovers = TEMPLATE_NAMES.flatMap((name) => filesContaining(copy, name, excluded).map((file) => `${name} in ${file}`));
    expect(leftovers).toEqual([]);
    // make lint's prettier check, on what init changed.
    const prettier = path.join(REPOSITORY_ROOT, 'node_modules/prettier/bin/prettier.cjs');
    const changed = git(copy, 'diff', '--name-only').split('\n').filter(Boolean);
    expect(changed.length).toBeGreaterThan(10);
    const check = spawnSync(process.execPath, [prettier, '--check', '--ignore-unknown', ...changed], { cwd: copy, encoding: 'utf8' });
    expect({ status: check.status, unformatted: check.stdout.split('\n').filter((line) => line.startsWith('[warn] ')) }).toEqual({
      status: 0,
      unformatted: [],
    });
  });

  test('When init runs again with the same names (the image spelled with docker.io/), then it changes nothing and says so', () => {
    const afterFirst = git(copy, 'diff');

    const second = runInit(copy, ['--name', 'orders-api', '--image', 'docker.io/acme4/orders']);

    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Nothing to change');
    expect(git(copy, 'diff')).toBe(afterFirst);
  });

  test.each([
    [['--name', 'Orders_API', '--image', 'acme4/orders'], 'NAME must be 1-40 characters'],
    [['--name=-orders', '--image', 'acme4/orders'], 'start with a letter'],
    [['--name', 'o'.repeat(41), '--image', 'acme4/orders'], 'NAME must be 1-40 characters'],
    [['--name', 'orders', '--image', 'acme4/orders:latest'], 'IMAGE must be <dockerhub-user>/<repository>'],
    [['--name', 'orders'], 'Both --name and --image are required'],
  ])('When init is given %j, then it exits 2 with the rule and writes nothing', (args, rule) => {
    const before = git(copy, 'status', '--porcelain') + git(copy, 'diff');

    const run = runInit(copy, args);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(rule);
    expect(git(copy, 'status', '--porcelain') + git(copy, 'diff')).toBe(before);
  });
});
