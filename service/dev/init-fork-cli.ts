import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkServiceName, IMAGE_RULE, normaliseImage, readCurrentIdentity, type ForkIdentity } from './fork-identity';
import { renameFork, type FileChange } from './fork-rename';
import { parseOrExitCode, type Output } from './dev-cli';
import { formatFiles } from './format-files';

const HELP = `Usage: npm run init -- --name NAME --image USER/REPO [--dry-run] [--json]
       make init NAME=<service-name> IMAGE=<dockerhub-user>/<repo>

Makes a fork your service in one step: renames the npm package (and its lock file entry), the
image in compose, workflows and overlays, the Kubernetes names, namespaces and secret names, and
the README title. Reads the names the checkout has now, so it is safe to run again (nothing
changes) or later with a new name. Commit the result; then follow docs/workflows.md's setup.

  --name NAME         the service name: a-z, 0-9 and "-", 1-40 characters, starting with a letter
  --image USER/REPO   your Docker Hub repository (docker.io/ may lead; no tag or digest)
  --dry-run           list what would change, write nothing
  --json              one JSON object on stdout, for scripts
  --root DIR          the checkout to rename (default: this one)

Exit codes: 0 done (or nothing to change), 2 bad usage or an invalid name, 1 failed.`;

interface Options {
  readonly identity: ForkIdentity;
  readonly root: string;
  readonly dryRun: boolean;
  readonly json: boolean;
}

function parse(argv: string[]): Options | string {
  const { values } = parseArgs({
    args: argv,
    options: {
      name: { type: 'string' },
      image: { type: 'string' },
      root: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.name || !values.image) return 'Both --name and --image are required.';
  const nameProblem = checkServiceName(values.name);
  if (nameProblem) return nameProblem;
  const image = normaliseImage(values.image);
  if (!image) return `${IMAGE_RULE}; got "${values.image}".`;
  const root = path.resolve(values.root ?? path.join(__dirname, '../..'));
  return { identity: { packageName: values.name, serviceName: values.name, image }, root, dryRun: values['dry-run'], json: values.json };
}

function report(options: Options, from: ForkIdentity, changes: FileChange[]): string {
  if (options.json) return JSON.stringify({ ok: true, dryRun: options.dryRun, from, to: options.identity, changed: changes });
  if (changes.length === 0)
    return `Nothing to change: the checkout is already ${options.identity.serviceName} (${options.identity.image}).`;
  const verb = options.dryRun ? 'would change' : 'changed';
  const lines = changes.map((change) => `  ${change.file} (${change.replacements})`);
  const next = options.dryRun
    ? []
    : ['', 'Next: review with `git diff`, run `make test`, commit; then docs/workflows.md, "One-time setup".'];
  return [
    `${from.serviceName} -> ${options.identity.serviceName}, ${from.image} -> ${options.identity.image}`,
    `${verb} ${changes.length} files:`,
    ...lines,
    ...next,
  ].join('\n');
}

/** The whole command, with its output and exit code in the caller's hands (tests run it in-process). */
export function runInitCli(argv: string[], io: Output): number {
  const parsed = parseOrExitCode('init', HELP, argv, io, parse);
  if ('exitCode' in parsed) return parsed.exitCode;
  const { options } = parsed;
  try {
    const from = readCurrentIdentity(options.root);
    const changes = renameFork(options.root, from, options.identity, options.dryRun);
    // Longer or shorter names move table columns and line breaks: prettier puts them back.
    if (!options.dryRun)
      formatFiles(
        options.root,
        changes.map((change) => change.file),
      );
    io.stdout(`${report(options, from, changes)}\n`);
    return 0;
  } catch (error) {
    io.stderr(`init failed: ${(error as Error).message}\n`);
    return 1;
  }
}
