import { existsSync } from 'node:fs';
import path from 'node:path';

export const REPOSITORY_ROOT = path.resolve(__dirname, '../../..');

/**
 * A file of the compiled build (what the image runs), failing with the fix when it is missing:
 * tests that spawn real processes use dist/, which `make test` builds first.
 */
export function compiledFile(relative: string): string {
  const file = path.join(REPOSITORY_ROOT, 'dist', relative);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (\`make test\` does).`);
  return file;
}
