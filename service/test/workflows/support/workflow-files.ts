import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { REPOSITORY_ROOT } from '../../support/compiled';

export const WORKFLOWS_DIR = '.github/workflows';

export interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
}

export interface Job {
  readonly name?: string;
  readonly needs?: string | string[];
  readonly environment?: string;
  readonly permissions?: Record<string, string> | string;
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
  readonly secrets?: Record<string, unknown> | string;
  readonly outputs?: Record<string, string>;
  readonly steps?: Step[];
}

export interface Workflow {
  readonly file: string;
  readonly text: string;
  readonly on: Record<string, unknown>;
  readonly permissions?: unknown;
  readonly concurrency?: { group?: string; 'cancel-in-progress'?: unknown };
  readonly jobs: Record<string, Job>;
}

/** Every workflow file, parsed with the yaml package (GitHub's parser runs separately). */
export function loadWorkflows(): Workflow[] {
  const dir = path.join(REPOSITORY_ROOT, WORKFLOWS_DIR);
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => {
      const file = `${WORKFLOWS_DIR}/${name}`;
      const text = readFileSync(path.join(REPOSITORY_ROOT, file), 'utf8');
      const data = parse(text) as Omit<Workflow, 'file' | 'text'>;
      return { ...data, file, text };
    });
}

export function workflow(name: string): Workflow {
  const found = loadWorkflows().find((candidate) => candidate.file.endsWith(`/${name}`));
  if (!found) throw new Error(`${WORKFLOWS_DIR}/${name} does not exist`);
  return found;
}

export function allSteps(flow: Workflow): { job: string; step: Step }[] {
  return Object.entries(flow.jobs).flatMap(([job, body]) => (body.steps ?? []).map((step) => ({ job, step })));
}

export function needsOf(job: Job): string[] {
  if (job.needs === undefined) return [];
  return Array.isArray(job.needs) ? job.needs : [job.needs];
}

/** Make targets of the Makefile (lines `name: ...`), and npm scripts of package.json. */
export function projectCommands(): { targets: Set<string>; scripts: Set<string> } {
  const makefile = readFileSync(path.join(REPOSITORY_ROOT, 'Makefile'), 'utf8');
  const targets = new Set([...makefile.matchAll(/^([a-zA-Z][a-zA-Z0-9_-]*):/gm)].map((match) => match[1] ?? ''));
  const pkg = JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return { targets, scripts: new Set(Object.keys(pkg.scripts)) };
}

/** `make x` and `npm run x` mentioned in a command line. */
export function commandsIn(text: string): { make: string[]; npm: string[] } {
  const make = [...text.matchAll(/\bmake[ \t]+((?:[a-z][a-z0-9-]*[ \t]*)+)/g)].flatMap((match) =>
    (match[1] ?? '').split(/[ \t]+/).filter((word) => word && !word.includes('=')),
  );
  const npm = [...text.matchAll(/\bnpm\s+run\s+(?:--silent\s+)?([a-z][a-z0-9:-]*)/g)].map((match) => match[1] ?? '');
  return { make, npm };
}
