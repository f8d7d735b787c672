import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPOSITORY_ROOT } from '../support/compiled';
import { freePort } from '../../dev/database-providers';

// `make test-docs`: every shell block of docs/getting-started.md, in order, in a fresh clone of this
// repository's HEAD, failing on the first error. What differs from a newcomer's run, and why:
// - the clone URL is this repository (no network); ports 3000 and 54329 become free ports (others
//   may use those on this machine);
// - node_modules is a hard-linked copy of this checkout's (the lock files are checked identical),
//   instead of a minute of `npm ci` downloading the same packages;
// - `make dev` runs in the background until its API answers, and is stopped with Ctrl-C (SIGINT) at the end.
// ```diff blocks are applied with `git apply`. Blocks preceded by `<!-- not-run: KIND (why) -->` are not
// run; KIND must be `deploy` or `docker-hub` and the block must be such a step.

interface Block {
  readonly kind: 'sh' | 'diff';
  readonly text: string;
  readonly notRun?: string;
  readonly line: number;
}

const DOC = path.join(REPOSITORY_ROOT, 'docs/getting-started.md');
const NOT_RUN_KINDS: Record<string, RegExp> = {
  deploy: /\b(git push|gh (secret|variable|run|workflow)|kubectl|argocd|flux)\b/,
  'docker-hub': /\b(DOCKERHUB_|docker (login|push))/,
};

function blocksOf(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const match of markdown.matchAll(/(?:<!-- not-run: ([^>]*?) -->\n\n)?^```(sh|diff)\n([\s\S]*?)^```/gm)) {
    const line = markdown.slice(0, match.index).split('\n').length;
    blocks.push({ kind: match[2] as 'sh' | 'diff', text: match[3] ?? '', notRun: match[1], line });
  }
  return blocks;
}

/** One bash per block; the working directory and exported variables carry over, as in one terminal. */
function runBlock(script: string, state: { cwd: string; envFile: string }, env: NodeJS.ProcessEnv): { code: number; output: string } {
  const wrapped = `set -euo pipefail\nset -a; source '${state.envFile}'; set +a\n${script}\nexport -p > '${state.envFile}.next'\npwd > '${state.envFile}.cwd'\n`;
  const run = spawnSync('bash', ['-c', wrapped], { cwd: state.cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status === 0) {
    writeFileSync(state.envFile, readFileSync(`${state.envFile}.next`, 'utf8').replace(/^declare -x /gm, 'export '));
    state.cwd = readFileSync(`${state.envFile}.cwd`, 'utf8').trim();
  }
  return { code: run.status ?? 1, output: `${run.stdout}${run.stderr}` };
}

async function waitForApi(port: number, dev: { output: string; child: ChildProcess }): Promise<void> {
  for (;;) {
    if (dev.child.exitCode !== null) throw new Error(`make dev exited with ${dev.child.exitCode}:\n${dev.output}`);
    const answered = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('docs/getting-started.md', () => {
  const blocks = blocksOf(readFileSync(DOC, 'utf8'));

  test('When a block is marked not to run, then it is a deploy or Docker Hub step, as the mark says', () => {
    const marked = blocks.filter((block) => block.notRun !== undefined);

    expect(marked.length).toBeGreaterThan(0);
    for (const block of marked) {
      const kind = (block.notRun ?? '').split(' ')[0] ?? '';
      expect({ line: block.line, kind, honest: NOT_RUN_KINDS[kind]?.test(block.text) ?? false }).toEqual({
        line: block.line,
        kind,
        honest: true,
      });
    }
  });

  test('When every other block runs in order in a fresh clone, then each succeeds', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'getting-started-'));
    // Run as root, embedded Postgres runs as the `postgres` user, which must reach its binaries in the clone.
    chmodSync(home, 0o755);
    const [apiPort, dbPort] = [await freePort(), await freePort()];
    // A newcomer's shell: no DATABASE_URL, nothing of this jest run; the test database setting stays.
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(JEST_|TEST_ADMIN_URL$|TEST_RUN_ID$|DATABASE_URL$)/.test(name)),
    );
    Object.assign(env, { PORT: String(apiPort), DEV_DB_PORT: String(dbPort), HOST: '127.0.0.1', FORCE_COLOR: '0' });
    const state = { cwd: home, envFile: path.join(home, '.block-env') };
    writeFileSync(state.envFile, '');
    let dev: { child: ChildProcess; output: string } | undefined;
    try {
      for (const block of blocks.filter((candidate) => candidate.notRun === undefined)) {
        const text = block.text
          .replace(/https:\/\/github\.com\/YOUR-ACCOUNT\/YOUR-FORK\.git/g, REPOSITORY_ROOT)
          .replace(/localhost:3000/g, `localhost:${apiPort}`)
          .replace(/:54329\//g, `:${dbPort}/`);
        if (block.kind === 'diff') {
          writeFileSync(path.join(home, 'block.diff'), text);
          const applied = runBlock(`git apply '${path.join(home, 'block.diff')}'`, state, env);
          if (applied.code !== 0) throw new Error(`the diff at line ${block.line} does not apply:\n${applied.output}`);
          continue;
        }
        if (text.trim() === 'make dev') {
          const child = spawn('make', ['dev'], { cwd: state.cwd, env, detached: true });
          dev = { child, output: '' };
          const started = dev;
          child.stdout?.on('data', (chunk: Buffer) => (started.output += chunk.toString()));
          child.stderr?.on('data', (chunk: Buffer) => (started.output += chunk.toString()));
          await waitForApi(apiPort, started);
          continue;
        }
        const started = performance.now();
        const result = runBlock(text, state, env);
        process.stdout.write(`block at line ${block.line}: exit ${result.code} in ${Math.round(performance.now() - started)} ms\n`);
        if (result.code !== 0)
          throw new Error(
            `the block at line ${block.line} failed (exit ${result.code}):\n${text}\n--- its output (end) ---\n${result.output.slice(-6000)}`,
          );
        if (text.startsWith('git clone')) linkDependencies(state.cwd);
      }
    } finally {
      if (dev?.child.pid && dev.child.exitCode === null) {
        process.kill(-dev.child.pid, 'SIGINT');
        await new Promise((resolve) => dev?.child.once('exit', resolve));
      }
      rmSync(home, { recursive: true, force: true });
    }
  }, 1_800_000);
});

/** The clone's node_modules as hard links to this checkout's, when both lock files are the same. */
function linkDependencies(clone: string): void {
  const lock = (dir: string) => readFileSync(path.join(dir, 'package-lock.json'), 'utf8');
  if (lock(clone) !== lock(REPOSITORY_ROOT) || existsSync(path.join(clone, 'node_modules'))) return;
  execFileSync('cp', ['-al', path.join(REPOSITORY_ROOT, 'node_modules'), path.join(clone, 'node_modules')]);
  // Newer than the clone's lock file: make's install rule sees it up to date, as after its own npm ci.
  const stamp = path.join(clone, 'node_modules/.package-lock.json');
  const now = new Date();
  execFileSync('touch', ['-d', now.toISOString(), stamp]);
}
