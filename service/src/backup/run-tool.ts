import { spawn } from 'node:child_process';
import { EXIT_CODES } from '../exit-codes';
import { BackupError } from './errors';
import { redactConnectionString } from '../redact';

type Env = Record<string, string | undefined>;

export interface ToolCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Env;
}

export interface RunOptions {
  /** Each line the tool writes to stderr (pg_dump --verbose reports progress there). */
  readonly onLine?: (line: string) => void;
  /** Collect stdout (pg_restore --list); otherwise it is discarded. */
  readonly captureStdout?: boolean;
  /** Stops the tool (SIGTERM) when aborted, so the caller's cleanup still runs on Ctrl-C. */
  readonly signal?: AbortSignal;
}

const KEPT_STDERR_LINES = 8;

function describeSpawnError(command: string, error: NodeJS.ErrnoException): BackupError {
  if (error.code === 'ENOENT') {
    return new BackupError(
      `${command} was not found on PATH. Install the PostgreSQL client tools, or set PG_DUMP / PG_RESTORE to their paths.`,
      EXIT_CODES.missingTool,
    );
  }
  return new BackupError(`could not start ${command}: ${error.message}`);
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new BackupError('stopped before it finished');
}

/** Runs a client tool to completion; a non-zero exit becomes an error quoting its last stderr lines. */
export function runTool(tool: ToolCommand, options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool.command, tool.args, {
      env: tool.env,
      stdio: ['ignore', options.captureStdout ? 'pipe' : 'ignore', 'pipe'],
      signal: options.signal,
    });
    const stdout: Buffer[] = [];
    const tail: string[] = [];
    let partial = '';
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines.filter(Boolean).map(redactConnectionString)) {
        tail.push(line);
        if (tail.length > KEPT_STDERR_LINES) tail.shift();
        options.onLine?.(line);
      }
    });
    child.once('error', (error) => reject(options.signal?.aborted ? abortReason(options.signal) : describeSpawnError(tool.command, error)));
    child.once('close', (code, signal) => {
      if (partial) tail.push(redactConnectionString(partial));
      if (code === 0) return resolve(Buffer.concat(stdout).toString('utf8'));
      const why = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
      // pg_dump --verbose interleaves progress with errors; the error lines are the ones worth quoting.
      const errors = tail.filter((line) => /\b(error|fatal|detail|hint)\b/i.test(line));
      reject(new BackupError(`${tool.command} ${why}: ${(errors.length ? errors : tail).slice(-3).join(' | ') || 'no message'}`));
    });
  });
}
