import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkResourceName, resourceNames, type ResourceNames } from './resource/names';
import { addResource, removeResource, ScaffoldRefusal, type Change } from './resource/scaffold';
import { parseOrExitCode, type Output } from './dev-cli';

const HELP = `Usage: npm run resource -- add NAME [--singular WORD] [--dry-run] [--json]
       npm run resource -- remove NAME [--delete-migrations] [--dry-run] [--json]
       make resource NAME=<plural>          make resource-remove NAME=<plural>

add: a resource beside items/, ready to change: service/src/NAME/ (model, repository, OpenAPI
schemas, read and write routes with their @openapi blocks), a migration that creates its table,
a test file, and its entry in service/src/resources.ts, which gives it to the app and to the
schema drift test. It has one field, name; add yours to the model, the migration and the schemas.

remove: deletes service/src/NAME/ and service/test/NAME/, takes it out of resources.ts, and writes
a migration that drops its table (accepted by lint; its down recreates the table empty). With
--delete-migrations it deletes the resource's migrations instead: only for a resource no database
you keep has applied (the runner refuses a database that applied a migration now missing).

  NAME                the plural in kebab case, as in the URL: orders, order-lines
  --singular WORD     the singular when English rules guess wrong (people -> person)
  --dry-run           list what would change, write nothing
  --json              one JSON object on stdout, for scripts
  --root DIR          the checkout to change (default: this one)

Exit codes: 0 done, 2 bad usage, an invalid or taken name, or nothing to remove, 1 failed.`;

interface Options {
  readonly command: 'add' | 'remove';
  readonly names: ResourceNames;
  readonly root: string;
  readonly dryRun: boolean;
  readonly json: boolean;
  readonly deleteMigrations: boolean;
}

function parse(argv: string[]): Options | string {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      singular: { type: 'string' },
      root: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'delete-migrations': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const [command, name, ...extra] = positionals;
  if (command !== 'add' && command !== 'remove') return `the command is add or remove; got ${command ?? 'none'}.`;
  if (!name) return `${command} needs NAME.`;
  if (extra.length > 0) return `unexpected arguments: ${extra.join(' ')}.`;
  if (values.singular !== undefined && (!/^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$/.test(values.singular) || values.singular === name)) {
    return `--singular is kebab case like NAME and differs from it; got "${values.singular}".`;
  }
  const problem = checkResourceName(name, values.singular);
  if (problem) return problem;
  if (command === 'add' && values['delete-migrations']) return '--delete-migrations goes with remove.';
  return {
    command,
    names: resourceNames(name, values.singular),
    root: path.resolve(values.root ?? path.join(__dirname, '../..')),
    dryRun: values['dry-run'],
    json: values.json,
    deleteMigrations: values['delete-migrations'],
  };
}

/** Tracked files that still name the resource's code or URL after a remove: the person's next edits. */
function stillReferring(root: string, n: ResourceNames): string[] {
  try {
    const out = execFileSync(
      'git',
      ['grep', '-l', '-e', `/${n.plural}/`, '-e', `/api/v1/${n.plural}`, '--', 'service', 'docs', 'README.md'],
      {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    return out.split('\n').filter(Boolean);
  } catch {
    return []; // git grep exits 1 when nothing matches (or there is no git): nothing to point at
  }
}

function report(options: Options, changes: Change[], referring: string[]): string {
  const { names: n } = options;
  if (options.json)
    return JSON.stringify({ ok: true, command: options.command, name: n.plural, dryRun: options.dryRun, changes, referring });
  const verb = options.dryRun ? 'would change' : 'changed';
  const lines = [
    `${options.command} ${n.plural}: ${verb} ${changes.length} paths`,
    ...changes.map((c) => `  ${c.action.padEnd(8)} ${c.file}`),
  ];
  if (options.dryRun) return lines.join('\n');
  if (options.command === 'add') {
    lines.push('', `Next: make migrate (or make dev), then make test. /docs shows the ${n.plural} routes.`);
    lines.push(`Add fields in ${n.singular}.model.ts, the migration and ${n.plural}.schemas.ts together: the drift test compares them.`);
  } else {
    lines.push('', 'Next: make test; review with git diff and commit. Deploy it like any migration: the backup comes first.');
    if (referring.length > 0)
      lines.push(`These files still refer to ${n.plural}; change or delete them:`, ...referring.map((f) => `  ${f}`));
  }
  return lines.join('\n');
}

/** The whole command, with its output and exit code in the caller's hands (tests run it in-process). */
export function runResourceCli(argv: string[], io: Output, now = new Date()): number {
  const parsed = parseOrExitCode('resource', HELP, argv, io, parse);
  if ('exitCode' in parsed) return parsed.exitCode;
  const { options } = parsed;
  try {
    const changes =
      options.command === 'add'
        ? addResource(options.root, options.names, { dryRun: options.dryRun, now })
        : removeResource(options.root, options.names, { dryRun: options.dryRun, now, deleteMigrations: options.deleteMigrations });
    const referring = options.command === 'remove' && !options.dryRun ? stillReferring(options.root, options.names) : [];
    io.stdout(`${report(options, changes, referring)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ScaffoldRefusal) {
      io.stderr(`resource: ${error.message}\n`);
      return 2;
    }
    io.stderr(`resource failed: ${(error as Error).message}\n`);
    return 1;
  }
}
