import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPOSITORY_ROOT } from './compiled';

export interface CheckoutCopy {
  readonly dir: string;
  remove(): void;
}

/**
 * The repository's files as a checkout holds them (tracked and new, not ignored) in a folder of
 * their own, for tests that run make targets with a .env of their own. node_modules and dist are
 * linked, and timestamps kept, so make finds both up to date and neither installs nor rebuilds.
 */
export function copyCheckout(): CheckoutCopy {
  const dir = mkdtempSync(path.join(tmpdir(), 'checkout-'));
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPOSITORY_ROOT });
  const files = listed.toString().split('\0').filter(Boolean);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(REPOSITORY_ROOT, file), path.join(dir, file), { preserveTimestamps: true });
  }
  // Folders too: make's build rule depends on them (a deleted file changes its folder's time).
  const ancestors = (file: string): string[] => {
    const parent = path.dirname(file);
    return parent === '.' ? [] : [parent, ...ancestors(parent)];
  };
  const folders = [...new Set(files.flatMap(ancestors))].sort((a, b) => b.length - a.length);
  for (const folder of folders) {
    const { atime, mtime } = statSync(path.join(REPOSITORY_ROOT, folder));
    utimesSync(path.join(dir, folder), atime, mtime);
  }
  for (const linked of ['node_modules', 'dist']) symlinkSync(path.join(REPOSITORY_ROOT, linked), path.join(dir, linked));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
