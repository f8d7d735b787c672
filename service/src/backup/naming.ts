import { execFileSync } from 'node:child_process';
import { DUMP_SUFFIX } from './manifest';

type Env = Record<string, string | undefined>;

/** 2026-11-25T21:54:23.123Z -> 20261125T215423Z: sorts by time and is safe in any file system. */
export function utcStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The commit being deployed (CI sets GITHUB_SHA), else the checkout's HEAD, else "local". */
export function currentGitSha(env: Env = process.env, cwd: string = process.cwd()): string {
  const fromCi = env.GIT_SHA || env.GITHUB_SHA;
  if (fromCi && /^[0-9a-f]{7,40}$/i.test(fromCi)) return fromCi.slice(0, 12).toLowerCase();
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'local';
  }
}

/** `<db>-<UTC timestamp>-<git sha>`: the backup id, and the dump's file name without its suffix. */
export function backupId(database: string, date: Date, gitSha: string): string {
  const safeName = database.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${safeName}-${utcStamp(date)}-${gitSha}`;
}

export function dumpFileName(id: string): string {
  return `${id}${DUMP_SUFFIX}`;
}
