import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPOSITORY_ROOT } from '../support/compiled';

// Docs that name a command the project no longer has send a newcomer into a wall on day one.

function trackedMarkdown(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--', '*.md'], { cwd: REPOSITORY_ROOT, encoding: 'utf8' });
  return out.split('\0').filter(Boolean);
}

/** Only code (fenced blocks and inline spans): prose like "make it yours" is not a command. */
function codeOf(markdown: string): string[] {
  const fenced = [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? '');
  const withoutFences = markdown.replace(/^```[^\n]*\n[\s\S]*?^```/gm, '');
  const inline = [...withoutFences.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? '');
  return [...fenced, ...inline];
}

function namedInDocs(pattern: RegExp): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const file of trackedMarkdown()) {
    for (const code of codeOf(readFileSync(path.join(REPOSITORY_ROOT, file), 'utf8'))) {
      for (const match of code.matchAll(pattern)) {
        const name = match[1] ?? '';
        found.set(name, (found.get(name) ?? new Set()).add(file));
      }
    }
  }
  return found;
}

function makeTargets(): Set<string> {
  const makefile = readFileSync(path.join(REPOSITORY_ROOT, 'Makefile'), 'utf8');
  return new Set([...makefile.matchAll(/^([a-zA-Z0-9][\w-]*)\s*:(?!=)/gm)].map((m) => m[1] ?? ''));
}

function npmScripts(): Set<string> {
  const manifest = JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return new Set(Object.keys(manifest.scripts));
}

function missing(named: Map<string, Set<string>>, existing: Set<string>): string[] {
  return [...named].filter(([name]) => !existing.has(name)).map(([name, files]) => `${name} (in ${[...files].join(', ')})`);
}

describe('Commands named in the docs', () => {
  test('When a doc names `make <target>`, then the Makefile has that target', () => {
    // `make -s X` and `make X VAR=...` name X; a bare `make` lists the targets.
    const named = namedInDocs(/(?:^|[\s;&|(])make\s+(?:-[a-zA-Z]+\s+)*([a-z][\w-]*)(?![\w-]*=)/g);

    expect(named.size).toBeGreaterThan(5);
    expect(missing(named, makeTargets())).toEqual([]);
  });

  test('When a doc names `npm run <script>`, then package.json has that script', () => {
    const named = namedInDocs(/npm run\s+(?:-[a-z]+\s+)*([\w:-]+)/g);

    expect(missing(named, npmScripts())).toEqual([]);
  });
});
