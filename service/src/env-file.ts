import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

type Env = Record<string, string | undefined>;

/**
 * The one way every entry point (server, make dev, the CLIs, the test harness) reads `.env`:
 * KEY=value lines from `.env` in the working directory (make and npm run from the repository
 * root), filling only variables the environment does not already have, so the shell always wins.
 * Called from each entry's main, never at import. Returns the file read, if any.
 */
export function loadEnvFile(env: Env = process.env, file = path.resolve('.env')): string | undefined {
  if (!existsSync(file)) return undefined;
  const values = parseEnv(readFileSync(file, 'utf8'));
  for (const [key, value] of Object.entries(values)) {
    if (env[key] === undefined) env[key] = value;
  }
  return file;
}
