import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatFiles } from '../format-files';
import { createMigrationFile, dropMigrationFile, migrationFileName } from './migration-template';
import { modelFile, repositoryFile, resourceFile } from './model-template';
import type { ResourceNames } from './names';
import { registerResource, registeredCount, unregisterResource } from './registry';
import { errorsFile, readRoutesFile, writeRoutesFile } from './routes-template';
import { schemasFile } from './schemas-template';
import { testFile } from './test-template';

export interface Change {
  readonly file: string;
  readonly action: 'created' | 'changed' | 'deleted';
}

/** A refusal the person can act on (exit 2): the name is taken, or there is nothing to remove. */
export class ScaffoldRefusal extends Error {}

const REGISTRY = 'service/src/resources.ts';

const slug = (file: string): string => file.replace(/^\d{14}-/, '').replace(/\.ts$/, '');

/** Whether a migration's name says it is about the resource with this plural: create-items, index-items-name. */
function names(file: string, plural: string): boolean {
  return new RegExp(`(^|-)${plural}(-|$)`).test(slug(file));
}

/** The resources the checkout has: the folders of service/src with a <name>.resource.ts. */
function existingResources(root: string): string[] {
  const src = path.join(root, 'service/src');
  return readdirSync(src).filter((name) => existsSync(path.join(src, name, `${name}.resource.ts`)));
}

/**
 * The resource's migrations, in order: those whose name says so, after its last drop migration (a
 * resource added again after a removal starts anew). A name that also names a longer resource
 * (create-line-items, when items is asked) is that one's; one that names another resource as well
 * (backfill-orders-from-items) is ambiguous, and removal refuses it rather than guess.
 */
export function migrationsOf(root: string, n: ResourceNames): { own: string[]; ambiguous: string[] } {
  const others = existingResources(root).filter((name) => name !== n.plural);
  const longer = others.filter((name) => names(name, n.plural));
  const matched = listMigrations(root).filter((file) => names(file, n.plural) && !longer.some((name) => names(file, name)));
  const lastDrop = matched.map((file) => slug(file) === `drop-${n.plural}`).lastIndexOf(true);
  const own = matched.slice(lastDrop + 1);
  return { own, ambiguous: own.filter((file) => others.some((name) => names(file, name))) };
}

function listMigrations(root: string): string[] {
  return readdirSync(path.join(root, 'migrations'))
    .filter((file) => /^\d{14}-.+\.ts$/.test(file))
    .sort();
}

/** The files `make resource` writes, relative to the checkout, and their text. */
export function plannedFiles(root: string, n: ResourceNames, now: Date): Array<[string, string]> {
  const src = `service/src/${n.plural}`;
  return [
    [`${src}/${n.singular}.model.ts`, modelFile(n)],
    [`${src}/${n.plural}.repository.ts`, repositoryFile(n)],
    [`${src}/${n.plural}.schemas.ts`, schemasFile(n)],
    [`${src}/${n.plural}.errors.ts`, errorsFile(n)],
    [`${src}/${n.plural}-read.routes.ts`, readRoutesFile(n)],
    [`${src}/${n.plural}-write.routes.ts`, writeRoutesFile(n)],
    [`${src}/${n.plural}.resource.ts`, resourceFile(n)],
    [`migrations/${migrationFileName(now, `create-${n.plural}`, listMigrations(root))}`, createMigrationFile(n)],
    [`service/test/${n.plural}/${n.plural}.test.ts`, testFile(n)],
  ];
}

export function addResource(root: string, n: ResourceNames, options: { dryRun: boolean; now: Date }): Change[] {
  for (const folder of [`service/src/${n.plural}`, `service/test/${n.plural}`]) {
    if (existsSync(path.join(root, folder))) throw new ScaffoldRefusal(`${folder} already exists; pick another name, or remove it first.`);
  }
  const { own } = migrationsOf(root, n);
  if (own.length > 0) throw new ScaffoldRefusal(`migrations already make ${n.table} (${own.join(', ')}); pick another name.`);
  const files = plannedFiles(root, n, options.now);
  const registry = registerResource(readFileSync(path.join(root, REGISTRY), 'utf8'), n);
  const changes: Change[] = [...files.map(([file]): Change => ({ file, action: 'created' })), { file: REGISTRY, action: 'changed' }];
  if (options.dryRun) return changes;
  for (const [file, text] of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  writeFileSync(path.join(root, REGISTRY), registry);
  formatFiles(root, [...files.map(([file]) => file), REGISTRY]);
  return changes;
}

/**
 * Tooling outside the resource's folders that exists only for it. The template's benchmark, load
 * run and seed measure items against a hand-written baseline of items, so they go with it; their
 * make targets then say so (Makefile, ITEMS_TOOLING). Their npm scripts stay: the docs that name
 * them are the fork's to edit, and the docs check wants every named command to exist.
 */
const TOOLING_OF: Record<string, readonly string[]> = {
  items: ['service/bench', 'service/dev/seed-items.ts', 'service/dev/seed-items.sql.ts'],
};

export function removeResource(
  root: string,
  n: ResourceNames,
  options: { dryRun: boolean; now: Date; deleteMigrations: boolean },
): Change[] {
  const folders = [`service/src/${n.plural}`, `service/test/${n.plural}`, ...(TOOLING_OF[n.plural] ?? [])].filter((folder) =>
    existsSync(path.join(root, folder)),
  );
  const registryText = readFileSync(path.join(root, REGISTRY), 'utf8');
  const registry = unregisterResource(registryText, n);
  // Only a resource: never a folder that merely shares the name (service/test/workflows).
  const isResource = registry !== registryText || existsSync(path.join(root, `service/src/${n.plural}/${n.plural}.resource.ts`));
  if (!isResource) throw new ScaffoldRefusal(`there is no resource named ${n.plural} to remove (none in ${REGISTRY}).`);
  if (registeredCount(registry) === 0) {
    throw new ScaffoldRefusal(
      `${n.plural} is the only resource, and the service-wide tests (shutdown, outage, pool, HTTP edges) send their requests to one: add yours first with make resource NAME=<plural>.`,
    );
  }
  const { own, ambiguous } = migrationsOf(root, n);
  if (ambiguous.length > 0) {
    throw new ScaffoldRefusal(
      `these migrations name ${n.plural} and another resource: ${ambiguous.join(', ')}; remove ${n.plural} by hand.`,
    );
  }
  const changes: Change[] = folders.map((file): Change => ({ file, action: 'deleted' }));
  if (registry !== registryText) changes.push({ file: REGISTRY, action: 'changed' });
  let drop: [string, string] | undefined;
  if (options.deleteMigrations) changes.push(...own.map((file): Change => ({ file: `migrations/${file}`, action: 'deleted' })));
  else if (own.length > 0) {
    const name = migrationFileName(options.now, `drop-${n.plural}`, listMigrations(root));
    drop = [`migrations/${name}`, dropMigrationFile(n, own)];
    changes.push({ file: drop[0], action: 'created' });
  }
  if (options.dryRun) return changes;
  for (const change of changes.filter((c) => c.action === 'deleted'))
    rmSync(path.join(root, change.file), { recursive: true, force: true });
  if (drop) writeFileSync(path.join(root, drop[0]), drop[1]);
  if (registry !== registryText) writeFileSync(path.join(root, REGISTRY), registry);
  formatFiles(root, [...(drop ? [drop[0]] : []), ...(registry !== registryText ? [REGISTRY] : [])]);
  return changes;
}
