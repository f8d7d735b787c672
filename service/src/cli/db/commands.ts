import path from 'node:path';
import { EXIT_CODES } from '../../exit-codes';
import { takeBackup } from '../../backup/take-backup';
import { parsePostgresUrl, urlFromArgument } from '../../backup/connection';
import { isVerified } from '../../backup/manifest';
import { BackupError } from '../../backup/errors';
import { formatBytes, type ProgressSink } from '../../backup/progress';
import { restoreBackup } from '../../backup/restore';
import { listBackups, pruneBackups, type BackupEntry } from '../../backup/retention';
import { verifyBackup } from '../../backup/verify';
import { describeDatabase } from '../../redact';
import type { CliReport } from '../shared/output';
import { assertNotProduction } from '../shared/production-check';

type Env = Record<string, string | undefined>;

export interface CommandInput {
  readonly file?: string;
  readonly dir: string;
  readonly docker: boolean;
  readonly keep?: number;
  readonly target?: string;
  readonly server?: string;
  readonly force: boolean;
  readonly skipVerify: boolean;
  readonly create: boolean;
  readonly withOwners: boolean;
  /** The person confirmed a database that looks like production. */
  readonly yes: boolean;
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
  readonly env: Env;
}

export type CommandOutput = CliReport;

/** The database a command works on, redacted, for its report; undefined for folder-only commands. */
export function targetOf(command: string, input: CommandInput): string | undefined {
  const raw =
    command === 'restore' && input.target
      ? urlFromArgument(input.target, input.env).raw
      : command === 'verify' && input.server
        ? urlFromArgument(input.server, input.env).raw
        : ['backup', 'verify'].includes(command)
          ? input.env.DATABASE_URL
          : undefined;
  return raw ? describeDatabase(raw) : undefined;
}

function databaseUrl(input: CommandInput): string {
  return parsePostgresUrl(input.env.DATABASE_URL, 'DATABASE_URL').toString();
}

function describeRemoved(removed: BackupEntry[]): string {
  return removed.length ? `\npruned ${removed.map((entry) => entry.id).join(', ')}` : '';
}

async function backup(input: CommandInput): Promise<CommandOutput> {
  const result = await takeBackup({
    databaseUrl: databaseUrl(input),
    dir: input.dir,
    docker: input.docker,
    progress: input.progress,
    signal: input.signal,
    env: input.env,
  });
  const removed = input.keep === undefined ? [] : await pruneBackups(input.dir, input.keep);
  const { manifest } = result;
  const tables = Object.entries(manifest.tables)
    .map(([name, rows]) => `${name}=${rows}`)
    .join(', ');
  return {
    human: `backup ${manifest.id}\n  file      ${path.relative(process.cwd(), result.dumpPath)} (${formatBytes(manifest.sizeBytes)}, ${manifest.durationMs} ms)\n  sha256    ${manifest.sha256}\n  rows      ${tables || 'no tables'}\n  not verified yet: npm run db -- verify ${path.relative(process.cwd(), result.dumpPath)}${describeRemoved(removed)}`,
    data: {
      ok: true,
      id: manifest.id,
      file: result.dumpPath,
      manifestFile: result.manifestPath,
      manifest,
      pruned: removed.map((entry) => entry.id),
    },
  };
}

async function verify(input: CommandInput): Promise<CommandOutput> {
  const server = input.server ? urlFromArgument(input.server, input.env) : { raw: input.env.DATABASE_URL, setting: 'DATABASE_URL' };
  const serverUrl = parsePostgresUrl(server.raw, server.setting).toString();
  const result = await verifyBackup({
    dumpPath: input.file ?? '',
    serverUrl,
    docker: input.docker,
    progress: input.progress,
    signal: input.signal,
    env: input.env,
  });
  const rows = Object.values(result.manifest.tables).reduce((sum, count) => sum + count, 0);
  return {
    human: `PASS ${result.manifest.id}: checksum, ${result.archiveEntries} archive entries, ${Object.keys(result.manifest.tables).length} tables / ${rows} rows and ${result.manifest.migrations.length} migrations match (${result.durationMs} ms)`,
    data: {
      ok: true,
      result: 'pass',
      id: result.manifest.id,
      file: path.resolve(input.file ?? ''),
      durationMs: result.durationMs,
      verification: result.manifest.verification,
    },
  };
}

async function restore(input: CommandInput): Promise<CommandOutput> {
  if (!input.target)
    throw new BackupError('restore needs --target URL or --target VARIABLE (the database to restore into).', EXIT_CODES.usage);
  const target = urlFromArgument(input.target, input.env);
  const targetUrl = parsePostgresUrl(target.raw, target.setting).toString();
  assertNotProduction({ url: targetUrl, action: 'restore into', yes: input.yes, env: input.env });
  const result = await restoreBackup({ ...input, dumpPath: input.file ?? '', targetUrl });
  const checked = result.checked ? 'row counts and migrations match the manifest' : 'not checked: no manifest';
  return {
    human: `restored ${result.manifest?.id ?? path.basename(input.file ?? '')} into ${result.target}${result.replacedExisting ? ' (replacing its objects)' : ''}; ${checked} (${result.durationMs} ms)`,
    data: {
      ok: true,
      id: result.manifest?.id ?? null,
      target: result.target,
      replacedExisting: result.replacedExisting,
      checked: result.checked,
      durationMs: result.durationMs,
    },
  };
}

function entrySummary(entry: BackupEntry): object {
  return {
    id: entry.id,
    file: entry.dumpPath,
    createdAt: entry.createdAt,
    sizeBytes: entry.sizeBytes,
    verified: entry.verified,
    problem: entry.problem ?? null,
  };
}

async function list(input: CommandInput): Promise<CommandOutput> {
  const entries = await listBackups(input.dir);
  const lines = entries.map((entry) => {
    const state = entry.problem ? 'BROKEN  ' : entry.manifest && isVerified(entry.manifest) ? 'verified' : 'unproven';
    return `${state}  ${formatBytes(entry.sizeBytes).padStart(10)}  ${entry.id}${entry.problem ? `  (${entry.problem})` : ''}`;
  });
  return {
    human: lines.join('\n') || `no backups in ${input.dir}`,
    data: { ok: true, dir: path.resolve(input.dir), backups: entries.map(entrySummary) },
  };
}

async function prune(input: CommandInput): Promise<CommandOutput> {
  if (input.keep === undefined) throw new BackupError('prune needs --keep N.', EXIT_CODES.usage);
  const removed = await pruneBackups(input.dir, input.keep);
  return {
    human: removed.length ? `deleted ${removed.map((entry) => entry.id).join(', ')}` : 'nothing to prune',
    data: { ok: true, pruned: removed.map((entry) => entry.id) },
  };
}

export const COMMANDS: Record<string, (input: CommandInput) => Promise<CommandOutput>> = { backup, verify, restore, list, prune };
