import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { readSettings } from '../../src/migrator/settings';
import { REPOSITORY_ROOT } from '../support/compiled';

/** `# KEY=value` lines of .env.example: every setting, commented out, with the value the code uses by default. */
function documented(): Record<string, string> {
  const text = readFileSync(path.join(REPOSITORY_ROOT, '.env.example'), 'utf8');
  return Object.fromEntries([...text.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((match) => [match[1] ?? '', match[2] ?? '']));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });
}

// Read by the code but not settings a person gives: CI's own variables, the OS user, libpq variables set for child tools,
// what the harness passes from globalSetup to the test files, and credentials, which never go into a file.
const NOT_SETTINGS = new Set([
  'GITHUB_ACTOR',
  'GITHUB_SHA',
  'GITHUB_OUTPUT',
  'DOCKERHUB_USERNAME',
  'DOCKERHUB_TOKEN',
  'GITOPS_TOKEN',
  'USER',
  'HOME',
  'PATH',
  'PGPASSWORD',
  'PGUSER',
  'TEST_ADMIN_URL',
  'TEST_RUN_ID',
]);

describe('.env.example', () => {
  test('When copied as it is, then nothing changes: every value shown is the default the code uses', () => {
    const values = Object.fromEntries(Object.entries(documented()).filter(([, value]) => value !== ''));
    const base = { DATABASE_URL: 'postgres://app@localhost:5432/app' };

    expect(loadConfig({ ...values, ...base })).toEqual(loadConfig(base));
    expect(readSettings(values)).toEqual(readSettings({}));
  });

  test('When the code reads a variable, then .env.example documents it', () => {
    const folders = ['service/src', 'service/dev', 'service/test/support'].map((dir) => path.join(REPOSITORY_ROOT, dir));
    const read = new Set<string>();
    for (const file of folders.flatMap(sources)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/env\??\.([A-Z][A-Z0-9_]{2,})|read\('([A-Z][A-Z0-9_]+)'|: '(MIGRATE_[A-Z_]+)'/g)) {
        read.add(match[1] ?? match[2] ?? match[3] ?? '');
      }
    }
    const missing = [...read].filter((name) => !NOT_SETTINGS.has(name) && !(name in documented()));

    expect(missing).toEqual([]);
  });
});
