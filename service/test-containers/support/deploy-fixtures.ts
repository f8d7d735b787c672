import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { docker, dockerOk } from '../../src/delivery/docker-cli';
import { withDatabase } from '../../src/db/postgres-url';
import { listMigrationFiles } from '../../src/migrator/files';
import { compiledFile, REPOSITORY_ROOT } from '../../test/support/compiled';
import type { LocalRegistry } from '../../test/support/local-registry';
import { runMake, testImage } from './run-make';

const run = promisify(execFile);

// The staging database starts at the checkout's first migration (the template's create-items; in a
// fork, whatever its history begins with), plus a table of the test's own that the deploy carries:
// rows for the backup to count, a column for lint to catch a drop of, a check for a poison row.
export const FIRST_MIGRATION = listMigrationFiles()[0]?.name ?? 'no migrations in migrations/';
export const STAGING_TABLE = 'deploy_rows';

/** A populated "staging" database: the first migration applied by the checkout's runner, then generated rows. */
export async function createStagingDatabase(serverUrl: string, rows: number): Promise<string> {
  const name = `deploy_e2e_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`).finally(() => admin.end());
  const url = withDatabase(serverUrl, name);
  await run(process.execPath, [compiledFile('service/src/cli/migrate.js'), 'up', '--to', FIRST_MIGRATION], {
    env: { ...process.env, DATABASE_URL: url },
  });
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `CREATE TABLE ${STAGING_TABLE} (
         id serial PRIMARY KEY,
         name text NOT NULL,
         description text,
         quantity integer NOT NULL CONSTRAINT ${STAGING_TABLE}_quantity_non_negative CHECK (quantity >= 0)
       )`,
    );
    await client.query(
      `INSERT INTO ${STAGING_TABLE} (name, description, quantity)
       SELECT 'row ' || g, 'staging row ' || g, g % 50 FROM generate_series(1, $1::int) AS g`,
      [rows],
    );
  } finally {
    await client.end();
  }
  return url;
}

export async function dropDatabase(serverUrl: string, url: string): Promise<void> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`).finally(() => admin.end());
}

export async function query<T extends object>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** A bare repository holding this checkout's deploy/ on main: the GitOps remote the promote stage pushes to. */
export async function createGitOpsRemote(dir: string): Promise<string> {
  const remote = path.join(dir, 'gitops.git');
  const work = path.join(dir, 'seed');
  const git = (cwd: string, ...args: string[]) => run('git', ['-C', cwd, ...args]);
  await run('git', ['init', '--quiet', '--bare', '--initial-branch=main', remote]);
  await run('git', ['init', '--quiet', '--initial-branch=main', work]);
  await run('cp', ['-R', path.join(REPOSITORY_ROOT, 'deploy'), work]);
  await git(work, 'add', 'deploy');
  await git(work, '-c', 'user.name=test', '-c', 'user.email=test@example.test', 'commit', '--quiet', '-m', 'deploy manifests');
  await git(work, 'push', '--quiet', remote, 'main');
  return remote;
}

export async function remoteHead(remote: string): Promise<{ sha: string; subject: string; count: number }> {
  const { stdout } = await run('git', ['--git-dir', remote, 'log', '--format=%H %s', 'main']);
  const lines = stdout.trim().split('\n');
  const [sha = '', ...subject] = (lines[0] ?? '').split(' ');
  return { sha, subject: subject.join(' '), count: lines.length };
}

/** Clones the remote and renders the overlay with kubectl kustomize, as Argo CD or Flux would. */
export async function renderOverlay(remote: string, dir: string, environment: string): Promise<string> {
  const clone = path.join(dir, `render-${randomBytes(3).toString('hex')}`);
  await run('git', ['clone', '--quiet', remote, clone]);
  const rendered = await run('kubectl', ['kustomize', path.join(clone, 'deploy/overlays', environment)]).catch((error: Error) => {
    throw new Error(
      `kubectl kustomize failed (kubectl 1.32+ with kustomize must be on PATH: https://kubernetes.io/docs/tasks/tools/): ${error.message}`,
    );
  });
  return rendered.stdout;
}

/** Pushes a local image to the registry with make image-push; returns repository@sha256:... */
export async function pushToRegistry(registry: LocalRegistry, image: string, repository: string): Promise<string> {
  const env = {
    IMAGE: image,
    REGISTRY: registry.host,
    IMAGE_REPOSITORY: repository,
    GIT_SHA: randomBytes(4).toString('hex'),
    DOCKERHUB_USERNAME: registry.username,
    DOCKERHUB_TOKEN: registry.password,
  };
  const push = await runMake(['image-push'], env);
  if (push.code !== 0) throw new Error(`make image-push failed: ${push.stderr}`);
  const reference =
    push.stdout
      .split('\n')
      .find((line) => /@sha256:[0-9a-f]{64}$/.test(line.trim()))
      ?.trim() ?? '';
  if (!reference) throw new Error(`make image-push printed no repository@sha256 line:\n${push.stdout}`);
  // Only the registry may provide it from now on: the deploy must pull it by digest.
  await docker(['rmi', `${registry.host}/${repository}:${env.GIT_SHA}`]);
  await docker(['rmi', reference]);
  return reference;
}

/** Images imageWithExtraMigration built, for the test's afterAll to remove. */
export const builtImages: string[] = [];

/**
 * The test image plus one migration (compiled .js where the runner loads it, .ts source beside
 * the others for its checksum): how a failing or lint-breaking release looks to the deploy.
 */
export async function imageWithExtraMigration(dir: string, name: string, upSql: string): Promise<string> {
  const context = path.join(dir, `extra-${randomBytes(3).toString('hex')}`);
  await mkdir(context, { recursive: true });
  const js = `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.up = async (queryInterface) => { await queryInterface.sequelize.query(${JSON.stringify(upSql)}); };\nexports.down = async () => undefined;\n`;
  const ts = `import type { QueryInterface } from 'sequelize';\nexport async function up(queryInterface: QueryInterface): Promise<void> {\n  await queryInterface.sequelize.query(${JSON.stringify(upSql)});\n}\nexport async function down(): Promise<void> {}\n`;
  await writeFile(path.join(context, `${name}.js`), js);
  await writeFile(path.join(context, `${name}.ts`), ts);
  await writeFile(
    path.join(context, 'Dockerfile'),
    `FROM ${testImage()}\nCOPY ${name}.js /app/dist/migrations/\nCOPY ${name}.ts /app/migrations/\n`,
  );
  const tag = `gitops-service:deploy-e2e-${randomBytes(4).toString('hex')}`;
  builtImages.push(tag);
  await dockerOk('docker build (extra migration)', ['build', '--quiet', '-t', tag, context], { env: { DOCKER_BUILDKIT: '0' } });
  return tag;
}

/** A docker client configuration logged in to the registry (as docker/login-action leaves one on a runner). */
export async function loggedInDockerConfig(registry: LocalRegistry, dir: string): Promise<string> {
  const config = path.join(dir, 'docker-config');
  await mkdir(config, { recursive: true });
  await dockerOk('docker login', ['--config', config, 'login', registry.host, '--username', registry.username, '--password-stdin'], {
    input: registry.password,
  });
  return config;
}

export function lastJson(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

export async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

export async function tempDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
