import { execFileSync } from 'node:child_process';

/**
 * Files a dev command wrote, put in the project's style by its prettier (the checkout's own
 * .prettierrc and .prettierignore; files prettier has no parser for are left alone), so `make lint`
 * passes on what `make init` and `make resource` leave. The CLI, because prettier's API loads its
 * plugins by dynamic import, which jest's module loader refuses.
 */
export function formatFiles(root: string, files: readonly string[]): void {
  if (files.length === 0) return;
  const prettier = require.resolve('prettier/bin/prettier.cjs');
  execFileSync(process.execPath, [prettier, '--log-level', 'warn', '--ignore-unknown', '--write', ...files], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
