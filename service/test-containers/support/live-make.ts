import { spawn } from 'node:child_process';
import { Client } from 'pg';
import { REPOSITORY_ROOT } from '../../test/support/compiled';

export interface LiveRun {
  readonly done: Promise<{ code: number; stdout: string; stderr: string }>;
  /** When a line matching `pattern` was printed (stdout or stderr), as Date.now() on arrival. */
  waitFor(pattern: RegExp): Promise<number>;
}

/** make, with output watched as it comes: for the concurrency test, which must act while a deploy runs. */
export function startMake(args: string[], env: Record<string, string>): LiveRun {
  const child = spawn('make', ['--silent', '--no-print-directory', ...args], { cwd: REPOSITORY_ROOT, env: { ...process.env, ...env } });
  const lines: { text: string; at: number }[] = [];
  const waiters: { pattern: RegExp; resolve: (at: number) => void }[] = [];
  const output = { out: '', err: '' };
  const onData = (chunk: Buffer, sink: 'out' | 'err') => {
    const text = chunk.toString();
    output[sink] += text;
    for (const line of text.split('\n').filter(Boolean)) {
      const entry = { text: line, at: Date.now() };
      lines.push(entry);
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) waiter.resolve(entry.at);
    }
  };
  child.stdout.on('data', (chunk: Buffer) => onData(chunk, 'out'));
  child.stderr.on('data', (chunk: Buffer) => onData(chunk, 'err'));
  const done = new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout: output.out, stderr: output.err }));
  });
  return {
    done,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((line) => pattern.test(line.text));
        if (seen) return resolve(seen.at);
        waiters.push({ pattern, resolve });
        void done.then(() =>
          reject(new Error(`make ${args.join(' ')} ended without printing ${String(pattern)}:\n${output.out}${output.err}`)),
        );
      }),
  };
}

/** Holds ACCESS EXCLUSIVE on a table until released: a deploy's backup waits on it, so a test can act while the deploy runs. */
export async function holdTableLock(url: string, table: string): Promise<() => Promise<void>> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await client.query('COMMIT').catch(() => undefined);
    await client.end().catch(() => undefined);
  };
}
