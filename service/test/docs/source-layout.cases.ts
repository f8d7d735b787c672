import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPOSITORY_ROOT } from '../support/compiled';

// docs/architecture.md promises folders named after the concepts, whose imports point one way.
// A cycle, or production code reaching into the tests, is the start of the tangle it replaced.

const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)(['"])(\.{1,2}\/[^'"]*)\1/gm;

function trackedSources(...folders: string[]): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--', ...folders.map((f) => `${f}/*.ts`)], { cwd: REPOSITORY_ROOT, encoding: 'utf8' });
  return out.split('\0').filter(Boolean);
}

function resolveImport(from: string, specifier: string): string | undefined {
  const target = path.join(path.dirname(from), specifier);
  return [`${target}.ts`, path.join(target, 'index.ts'), target].find(
    (file) => file.endsWith('.ts') && existsSync(path.join(REPOSITORY_ROOT, file)),
  );
}

function importGraph(files: readonly string[]): Map<string, string[]> {
  return new Map(
    files.map((file) => {
      const text = readFileSync(path.join(REPOSITORY_ROOT, file), 'utf8');
      const targets = [...text.matchAll(IMPORT)].map((m) => resolveImport(file, m[2] ?? '')).filter((t): t is string => t !== undefined);
      return [file, targets];
    }),
  );
}

/** Every cycle found by a depth-first walk, each as the path that closes it. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const walk = (node: string, trail: string[]): void => {
    const open = trail.indexOf(node);
    if (open >= 0) return void found.push([...trail.slice(open), node]);
    if (done.has(node)) return;
    for (const next of graph.get(node) ?? []) walk(next, [...trail, node]);
    done.add(node);
  };
  for (const node of graph.keys()) walk(node, []);
  return found;
}

/** A top folder of service/src (with its sub-folders, one component), or a file of its root, each its own node. */
function component(file: string): string {
  return path.relative('service/src', file).split(path.sep)[0] ?? file;
}

describe('source layout', () => {
  const sources = trackedSources('service/src');
  const graph = importGraph(sources);

  test('When service/src is read, then no file imports itself back through others', () => {
    expect(sources.length).toBeGreaterThan(50);
    expect(cycles(graph)).toEqual([]);
  });

  test('When the folders of service/src are read as components, then their imports point one way', () => {
    const folders = new Map<string, Set<string>>();
    for (const [file, targets] of graph) {
      const from = component(file);
      for (const to of targets.map(component).filter((c) => c !== from)) folders.set(from, (folders.get(from) ?? new Set()).add(to));
    }
    const asLists = new Map([...folders].map(([from, to]) => [from, [...to]]));

    expect(asLists.get('migrator')).toBeDefined();
    expect(cycles(asLists)).toEqual([]);
  });

  test('When production and dev code are read, then none of it imports from the tests', () => {
    const all = importGraph(trackedSources('service/src', 'service/dev', 'service/bench'));
    const intoTests = [...all].flatMap(([file, targets]) =>
      targets.filter((t) => t.startsWith('service/test')).map((t) => `${file} -> ${t}`),
    );

    expect(all.size).toBeGreaterThan(sources.length);
    expect(intoTests).toEqual([]);
  });
});
