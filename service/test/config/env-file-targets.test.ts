import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyCheckout, type CheckoutCopy } from '../support/checkout-copy';
import { freePort } from '../../dev/database-providers';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

interface MakeRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly output: string;
}

/** `make -s TARGET` in the copy with a shell that has no DATABASE_URL; `until` ends a long-running target. */
function make(dir: string, args: string[], shell: Record<string, string> = {}, until?: RegExp): Promise<MakeRun> {
  const child = spawn('make', ['-s', ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...shell },
    detached: true,
  });
  let output = '';
  let stdout = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (until?.test(output) && child.pid) process.kill(-child.pid, 'SIGTERM');
  };
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    collect(chunk);
  });
  child.stderr.on('data', collect);
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, output })));
}

describe('.env read by every target', () => {
  let db: TestDatabase;
  let checkout: CheckoutCopy;
  let named: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    checkout = copyCheckout();
    const port = await freePort();
    writeFileSync(path.join(checkout.dir, '.env'), `DATABASE_URL=${db.url}\nHOST=127.0.0.1\nPORT=${port}\nLOG_LEVEL=info\n`);
    named = `${new URL(db.url).hostname}:${new URL(db.url).port || '5432'}/${db.name}`;
  });
  afterAll(async () => {
    checkout?.remove();
    await db?.release();
  });

  test('When DATABASE_URL is only in .env, then make migrate-status uses it', async () => {
    const run = await make(checkout.dir, ['migrate-status']);

    expect(run.code).toBe(0);
    expect(run.output).toContain(`database ${named}`);
    expect(run.output).toMatch(/\d+ applied, 0 pending/);
  });

  test('When DATABASE_URL is only in .env, then make db-backup backs that database up', async () => {
    const run = await make(checkout.dir, ['db-backup', 'ARGS=--json --dir backups-test']);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ command: 'backup', ok: true, database: named });
  });

  test('When DATABASE_URL is only in .env, then make start serves with it', async () => {
    const run = await make(checkout.dir, ['start'], {}, /"msg":"listening on port/);

    expect(run.output).toContain(`"database":"${named}"`);
    expect(run.output).toMatch(/"msg":"listening on port \d+"/);
  });

  test('When the shell sets DATABASE_URL too, then the shell wins over .env', async () => {
    const run = await make(checkout.dir, ['migrate-status', 'ARGS=--json'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/from_shell' });

    expect(run.code).toBe(2); // make's code for a failed recipe; the JSON carries the CLI's own
    expect(JSON.parse(run.stdout)).toMatchObject({ exitCode: 5, database: '127.0.0.1:1/from_shell' });
  });
});
