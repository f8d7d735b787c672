import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { casesIn } from '../support/cases';

const TEST_ROOT = path.resolve(__dirname, '..');

function folders(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const folder = path.join(root, entry.name);
      return [folder, ...folders(folder)];
    });
}

function read(folder: string, file: string): string {
  return readFileSync(path.join(folder, file), 'utf8');
}

// A *.cases.ts file runs only through its folder's test file: one no test file loads never runs.
describe('test files that run the cases of their folder', () => {
  const withCases = folders(TEST_ROOT).filter((folder) => casesIn(folder).length > 0);

  test('When a folder has *.cases.ts files, then one of its *.test.ts files runs them all', () => {
    const unrun = withCases.filter(
      (folder) =>
        !readdirSync(folder)
          .filter((file) => file.endsWith('.test.ts'))
          .some((file) => read(folder, file).includes('runCasesOf(__dirname)')),
    );

    expect(withCases.length).toBeGreaterThan(5);
    expect(unrun.map((folder) => path.relative(TEST_ROOT, folder))).toEqual([]);
  });

  test('When a file imports a *.cases.ts file itself, then it would run twice: none does', () => {
    const importers = folders(TEST_ROOT).flatMap((folder) =>
      readdirSync(folder)
        .filter((file) => file.endsWith('.ts') && /from '[^']*\.cases'|require\([^)]*\.cases/.test(read(folder, file)))
        .map((file) => path.relative(TEST_ROOT, path.join(folder, file))),
    );

    expect(importers).toEqual([]);
  });
});
