import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEnvFile } from '../../src/env-file';

describe('.env loading', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'env-file-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('When a key is in .env and not in the shell, then it is filled; when in both, the shell wins', () => {
    const file = path.join(dir, '.env');
    writeFileSync(file, '# comment\nDATABASE_URL=postgres://a@127.0.0.1/from_file\nPORT=4000\nQUOTED="two words"\n');
    const env: Record<string, string | undefined> = { PORT: '5000' };

    const read = loadEnvFile(env, file);

    expect(read).toBe(file);
    expect(env).toEqual({ PORT: '5000', DATABASE_URL: 'postgres://a@127.0.0.1/from_file', QUOTED: 'two words' });
  });

  test('When there is no .env, then the environment is left as it was', () => {
    const env = { PORT: '5000' };

    expect(loadEnvFile(env, path.join(dir, '.env'))).toBeUndefined();
    expect(env).toEqual({ PORT: '5000' });
  });
});
