import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { LIBPQ_VARIABLES } from './connection';
import { EXIT_CODES } from '../exit-codes';
import { BackupError } from './errors';
import type { ToolCommand } from './run-tool';

const execFileAsync = promisify(execFile);
type Env = Record<string, string | undefined>;

export type ToolName = 'pg_dump' | 'pg_restore';

export interface ToolVersion {
  readonly text: string;
  readonly major: number;
}

/** Where the tools run: binaries on this machine (PG_DUMP / PG_RESTORE may point elsewhere) or a postgres image. */
export interface ToolRunner {
  readonly docker?: { readonly image: string };
}

export function toolBinary(name: ToolName, env: Env = process.env): string {
  return (name === 'pg_dump' ? env.PG_DUMP : env.PG_RESTORE) || name;
}

/** "pg_dump (PostgreSQL) 15.20 (Debian ...)" -> major 15; also reads "18beta1" and old "9.6.24". */
export function parseToolVersion(text: string): ToolVersion {
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) throw new BackupError(`cannot read a PostgreSQL version from ${JSON.stringify(text.trim())}`);
  const major = Number(match[1]);
  return { text: text.trim(), major: major < 10 ? Number(`${major}.${match[2] ?? 0}`) : major };
}

// A binary's version does not change while a process runs, and one deploy or test process backs up,
// verifies and restores many times: each `--version` is a fork and exec (~60 ms of CPU), so each
// binary is asked once per process. Keyed by PATH too, since a bare name resolves through it;
// a failure is not kept, so a tool installed meanwhile is found on the next call.
const versions = new Map<string, Promise<ToolVersion>>();

export function readToolVersion(name: ToolName, env: Env = process.env): Promise<ToolVersion> {
  const key = `${toolBinary(name, env)}\0${env.PATH ?? ''}`;
  let version = versions.get(key);
  if (!version) {
    version = askToolVersion(name, env);
    versions.set(key, version);
    version.catch(() => versions.delete(key));
  }
  return version;
}

async function askToolVersion(name: ToolName, env: Env): Promise<ToolVersion> {
  const binary = toolBinary(name, env);
  try {
    const { stdout } = await execFileAsync(binary, ['--version'], { env });
    return parseToolVersion(stdout);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const hint = name === 'pg_dump' ? 'PG_DUMP' : 'PG_RESTORE';
    throw new BackupError(
      `${binary} --version failed (${(error as Error).message.split('\n')[0]}). Install the PostgreSQL client tools ` +
        `(apt-get install postgresql-client, brew install libpq), set ${hint} to the binary, or add --docker to run it from the postgres image.`,
      EXIT_CODES.missingTool,
    );
  }
}

/** The server major as pg_dump compares it: 150020 -> 15, 90624 -> 9.6. */
export function serverMajor(serverVersionNum: number): number {
  return serverVersionNum >= 100000
    ? Math.floor(serverVersionNum / 10000)
    : Math.floor(serverVersionNum / 10000) + Math.floor((serverVersionNum % 10000) / 100) / 10;
}

/**
 * pg_dump refuses servers newer than itself ("aborting because of server version mismatch"),
 * but only after connecting; checking first lets the message say exactly what to install.
 */
export function assertToolCanServe(name: ToolName, tool: ToolVersion, server: { version: string; major: number }): void {
  if (tool.major >= server.major) return;
  const variable = name === 'pg_dump' ? 'PG_DUMP' : 'PG_RESTORE';
  throw new BackupError(
    `${name} ${tool.major} is older than the server (PostgreSQL ${server.version}); ${name} must be at least version ${server.major}. ` +
      `Install the PostgreSQL ${server.major} client tools (e.g. apt-get install postgresql-client-${server.major}), ` +
      `set ${variable} to a version ${server.major} binary, or add --docker to run it from the postgres:${server.major} image.`,
    EXIT_CODES.missingTool,
  );
}

/** The image `--docker` runs the tools from; PG_TOOLS_IMAGE overrides it (a mirror, a pinned digest, a local build). */
export function dockerImage(major: number, env: Env = process.env): string {
  return env.PG_TOOLS_IMAGE || `postgres:${major}`;
}

/** Fails with advice when --docker was asked for and no Docker engine answers. */
export async function assertDockerAvailable(env: Env = process.env): Promise<void> {
  const docker = env.DOCKER || 'docker';
  try {
    await execFileAsync(docker, ['version', '--format', '{{.Server.Version}}'], { env, timeout: 15_000 });
  } catch (error) {
    const reason = ((error as { stderr?: string }).stderr || (error as Error).message).trim().split('\n').pop()?.replace(/\.$/, '');
    throw new BackupError(
      `--docker needs a running Docker engine, but \`${docker} version\` failed: ${reason}. Start Docker, or drop --docker and install matching PostgreSQL client tools.`,
      EXIT_CODES.missingTool,
    );
  }
}

/**
 * The command that runs a tool with libpq settings in `env`. With Docker the variables are
 * passed by name only (`-e PGPASSWORD`), so their values never reach the docker argv either,
 * and the folders of the files involved are mounted at the same paths.
 */
export function buildToolCommand(name: ToolName, args: string[], env: Env, runner: ToolRunner, mounts: string[] = []): ToolCommand {
  if (!runner.docker) return { command: toolBinary(name, env), args, env };
  const passed = LIBPQ_VARIABLES.filter((variable) => env[variable] !== undefined).flatMap((variable) => ['-e', variable]);
  const volumes = [...new Set(mounts)].flatMap((dir) => ['-v', `${dir}:${dir}`]);
  const user = process.getuid && process.getgid ? ['--user', `${process.getuid()}:${process.getgid()}`] : [];
  return {
    command: env.DOCKER || 'docker',
    args: ['run', '--rm', '--network', 'host', ...user, ...passed, ...volumes, runner.docker.image, name, ...args],
    env,
  };
}

/** How to run `name` against a server: checked before any work, so a mismatch fails in a second, not after an hour. */
export async function resolveTool(
  name: ToolName,
  required: { version: string; major: number },
  options: { docker?: boolean; env?: Env },
): Promise<{ runner: ToolRunner; version: string }> {
  const env = options.env ?? process.env;
  if (options.docker) {
    await assertDockerAvailable(env);
    const image = dockerImage(Math.floor(required.major), env);
    return { runner: { docker: { image } }, version: `${name} from the ${image} image` };
  }
  const version = await readToolVersion(name, env);
  assertToolCanServe(name, version, required);
  return { runner: {}, version: version.text };
}
