import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { copyCheckout, type CheckoutCopy } from '../support/checkout-copy';

function make(dir: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('make', args, { cwd: dir, env: { PATH: process.env.PATH ?? '' } }, (error, stdout, stderr) =>
      error ? reject(new Error(`make ${args.join(' ')} failed: ${stderr}`)) : resolve(stdout),
    );
  });
}

/** Marks a file as just edited. */
function touch(file: string): void {
  const now = new Date(Date.now() + 1000);
  utimesSync(file, now, now);
}

describe('the Makefile', () => {
  let checkout: CheckoutCopy;
  beforeAll(() => (checkout = copyCheckout()));
  afterAll(() => checkout?.remove());

  test('When make help writes to a pipe or a log, then it has no colour codes', async () => {
    const help = await make(checkout.dir, ['help']);

    expect(help).toContain('dev ');
    expect(help).not.toContain('\u001b[');
  });

  test('When package.json is edited but the lock file is not, then no target reinstalls; when the lock changes, it does', async () => {
    touch(path.join(checkout.dir, 'package.json'));
    const afterPackageJson = await make(checkout.dir, ['-n', 'install']);
    touch(path.join(checkout.dir, 'package-lock.json'));
    const afterLock = await make(checkout.dir, ['-n', 'install']);

    expect(afterPackageJson).not.toContain('npm ci');
    expect(afterLock).toContain('npm ci');
  });

  test('When a migration is deleted, then make build rebuilds dist/ from clean instead of keeping its compiled file', async () => {
    const migration = readdirSync(path.join(checkout.dir, 'migrations')).find((name) => name.endsWith('.ts')) ?? '';
    rmSync(path.join(checkout.dir, 'migrations', migration));
    const plan = await make(checkout.dir, ['-n', '-o', 'node_modules/.package-lock.json', 'build']);
    const { scripts } = JSON.parse(readFileSync(path.join(checkout.dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

    expect(plan).toContain('run --silent build:emit');
    // Both the Makefile's emit and the image's checked build start from an empty dist/.
    expect(scripts['build:emit']).toMatch(/^node -e "require\('node:fs'\)\.rmSync\('dist'/);
    expect(scripts.build).toMatch(/^node -e "require\('node:fs'\)\.rmSync\('dist'/);
  });
});
