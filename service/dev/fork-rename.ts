import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ForkIdentity } from './fork-identity';

export interface FileChange {
  readonly file: string;
  readonly replacements: number;
}

// History and the rename tool itself (whose tests spell the template's names) keep their words.
const UNTOUCHED = [/^CHANGELOG\.md$/, /^package-lock\.json$/, /^service\/dev\/(fork-|init-fork)/, /^service\/test\/fork\//];
const PLACEHOLDER_USER = 'YOUR_DOCKERHUB_USER';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const repositoryOf = (image: string): string => image.split('/').pop() ?? image;

/**
 * Old spelling -> new, for every name that differs: the image with and without its registry, and
 * its repository where a slash leads it (`<user>/gitops-service`), since the template uses one word
 * for the service and the image while a fork may not.
 */
function renames(from: ForkIdentity, to: ForkIdentity): Map<string, string> {
  const pairs: [string, string][] = [
    [from.image, to.image],
    [from.image.replace(/^docker\.io\//, ''), to.image.replace(/^docker\.io\//, '')],
    [`/${repositoryOf(from.image)}`, `/${repositoryOf(to.image)}`],
    [PLACEHOLDER_USER, to.image.split('/')[1] ?? PLACEHOLDER_USER],
    [from.packageName, to.packageName],
    [from.serviceName, to.serviceName],
  ];
  return new Map(pairs.filter(([old, next]) => old !== next));
}

/**
 * One pass over the text with every old name as a whole word, longest first, so a new name that
 * contains an old one is never renamed twice and a second run with the same names changes nothing.
 */
export function renameText(text: string, table: Map<string, string>): { text: string; count: number } {
  if (table.size === 0) return { text, count: 0 };
  const byLength = [...table.keys()].sort((a, b) => b.length - a.length);
  // A slash-led repository is whole up to its end (`/x` must not match `/x-template`); a name is a whole word.
  const repositories = byLength.filter((key) => key.startsWith('/')).map((key) => `${escape(key)}(?![\\w-])`);
  const words = byLength.filter((key) => !key.startsWith('/')).map(escape);
  const alternatives = [...repositories, ...(words.length > 0 ? [`(?<![A-Za-z0-9_])(?:${words.join('|')})(?![A-Za-z0-9_])`] : [])];
  const pattern = new RegExp(alternatives.join('|'), 'g');
  let count = 0;
  const renamed = text.replace(pattern, (old) => {
    count += 1;
    return table.get(old) ?? old;
  });
  return { text: renamed, count };
}

function trackedFiles(root: string): string[] {
  const listing = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
  return listing.split('\0').filter((file) => file && !UNTOUCHED.some((rule) => rule.test(file)));
}

function titled(text: string, name: string): string {
  return text.replace(/^# .*$/m, `# ${name}`);
}

function renameLockFile(root: string, name: string, dryRun: boolean): FileChange[] {
  const file = path.join(root, 'package-lock.json');
  const lock = JSON.parse(readFileSync(file, 'utf8')) as { name: string; packages: Record<string, { name?: string }> };
  const rootPackage = lock.packages[''];
  if (lock.name === name && rootPackage?.name === name) return [];
  lock.name = name;
  if (rootPackage) rootPackage.name = name;
  if (!dryRun) writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  return [{ file: 'package-lock.json', replacements: rootPackage ? 2 : 1 }];
}

/** Renames every tracked text file in place (unless dryRun) and says what changed. */
export function renameFork(root: string, from: ForkIdentity, to: ForkIdentity, dryRun: boolean): FileChange[] {
  const table = renames(from, to);
  const changes: FileChange[] = [];
  for (const file of trackedFiles(root)) {
    const absolute = path.join(root, file);
    if (!lstatSync(absolute).isFile()) continue; // symlinks and submodules are not ours to rewrite
    const before = readFileSync(absolute, 'utf8');
    if (before.includes('\0')) continue;
    const renamed = renameText(before, table);
    const after = file === 'README.md' ? titled(renamed.text, to.serviceName) : renamed.text;
    if (after === before) continue;
    changes.push({ file, replacements: Math.max(renamed.count, 1) });
    if (!dryRun) writeFileSync(absolute, after);
  }
  return [...changes, ...renameLockFile(root, to.packageName, dryRun)];
}
