import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The Node line the production image runs; the bench measures on it, not on an older system Node. */
export const BENCH_NODE_MAJOR = 24;
// Pinned so two runs months apart compare the same runtime; BENCH_NODE overrides it.
const PINNED_VERSION = '24.21.0';

export const REPOSITORY_ROOT = path.resolve(__dirname, '../..');
const CACHE_DIR = path.join(REPOSITORY_ROOT, '.cache', `node-${PINNED_VERSION}`);

export interface NodeRuntime {
  readonly path: string;
  readonly version: string;
}

function versionOf(binary: string): string {
  return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
}

function majorOf(version: string): number {
  return Number(/^v?(\d+)/.exec(version)?.[1] ?? 0);
}

/**
 * Node 24 for the servers and the load generator: this process's own Node when it is 24 or
 * newer, else BENCH_NODE, else the `node-<platform>-<arch>` package from the npm registry
 * (it ships the official binary) installed once into .cache/ (git-ignored).
 */
export function resolveNode24(log: (line: string) => void): NodeRuntime {
  if (majorOf(process.version) >= BENCH_NODE_MAJOR) return { path: process.execPath, version: process.version };
  const override = process.env.BENCH_NODE;
  if (override) {
    const version = versionOf(override);
    if (majorOf(version) < BENCH_NODE_MAJOR)
      throw new Error(`BENCH_NODE=${override} is Node ${version}; point it at Node ${BENCH_NODE_MAJOR} or newer.`);
    return { path: override, version };
  }
  const pkg = `node-${process.platform}-${process.arch}`;
  const binary = path.join(CACHE_DIR, 'node_modules', pkg, 'bin', 'node');
  if (!existsSync(binary)) {
    log(
      `Node ${process.version} is older than ${BENCH_NODE_MAJOR}; installing ${pkg}@${PINNED_VERSION} from the npm registry into .cache/ (once)`,
    );
    try {
      execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', CACHE_DIR, `${pkg}@${PINNED_VERSION}`], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    } catch (error) {
      throw new Error(
        `could not install ${pkg}@${PINNED_VERSION} (${(error as Error).message}); set BENCH_NODE to a Node ${BENCH_NODE_MAJOR} binary instead.`,
        {
          cause: error,
        },
      );
    }
  }
  return { path: binary, version: versionOf(binary) };
}
