import { randomBytes } from 'node:crypto';
import { connect, createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres as startEmbedded } from '../src/db/embedded-postgres';
import { describeDatabase } from '../src/redact';
import { POSTGRES_IMAGE } from '../src/delivery/images';
import { ensureContainerImage } from './container-image';
import { assertEmbeddedReachableAsRoot } from './embedded-access';

const POSTGRES_PORT = 5432;

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

/** Whether something accepts TCP connections on host:port within a second. */
function portAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    const done = (answers: boolean) => () => {
      socket.destroy();
      resolve(answers);
    };
    socket.once('connect', done(true));
    socket.once('timeout', done(false));
    socket.once('error', done(false));
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
  const { GenericContainer, Wait } = await import('testcontainers');
  // A password of this run only: the server is reachable from other containers on the bridge.
  const password = randomBytes(12).toString('hex');
  // The data folder in memory: a test server needs no durability, and on a disk each CREATE
  // DATABASE (a test file's private copy) costs about 300 ms of file system work, 20 ms in memory.
  // Not @testcontainers/postgresql: its Docker health check runs pg_isready through `docker exec`
  // every 250 ms for the container's whole life, a fifth of a 2-core machine. Here pg_isready runs
  // only until it answers, over TCP: the image's temporary initialising server listens on the Unix
  // socket only, so an answer means the real server accepts connections.
  const container = await new GenericContainer(image)
    .withEnvironment({ POSTGRES_USER: 'postgres', POSTGRES_PASSWORD: password, POSTGRES_DB: 'postgres' })
    .withExposedPorts(POSTGRES_PORT)
    .withTmpFs({ '/var/lib/postgresql/data': 'rw' })
    .withWaitStrategy(Wait.forAll([Wait.forSuccessfulCommand('pg_isready -q -h 127.0.0.1 -U postgres'), Wait.forListeningPorts()]))
    .withStartupTimeout(120_000)
    .start();
  const url = new URL('postgres://postgres@localhost/postgres');
  url.password = password;
  url.hostname = container.getHost();
  url.port = String(container.getMappedPort(POSTGRES_PORT));
  // The runtime's host is `localhost` for a local engine, or its bridge gateway (172.17.0.1) when
  // this process runs in a container of its own. Where the loopback address reaches the published
  // port too, name it instead, as the other providers do: URLs, the messages built from them and
  // the production check (a gateway address is not loopback) then do not depend on the provider.
  // Only for an engine on this machine: with a remote DOCKER_HOST, a local listener on the same
  // port number would be another server.
  const localEngine = !env.DOCKER_HOST || env.DOCKER_HOST.startsWith('unix://');
  if (localEngine && url.hostname !== '127.0.0.1' && (await portAnswers('127.0.0.1', Number(url.port)))) url.hostname = '127.0.0.1';
  return { provider: 'testcontainers', adminUrl: url.toString(), stop: async () => void (await container.stop()) };
}

/** Embedded Postgres on a free port, in a temporary data folder (service/src/db/embedded-postgres.ts). */
export async function startEmbeddedPostgres(): Promise<DatabaseServer> {
  assertEmbeddedReachableAsRoot(path.dirname(require.resolve('embedded-postgres')));
  return startEmbedded({ port: await freePort() });
}

/** TEST_DB_PROVIDER's values: each forces its provider; unset, the chain picks the first that applies. */
const PROVIDER_CHOICES = ['embedded', 'testcontainers'] as const;

/**
 * The provider chain: an existing server when TEST_DATABASE_URL names one, else a container
 * where a runtime answers, else embedded Postgres. TEST_DB_PROVIDER=embedded skips the container;
 * TEST_DB_PROVIDER=testcontainers insists on it, so a run (CI's container step) that must use one
 * cannot pass on embedded Postgres. A setting it does not know is an error, never ignored.
 */
export async function chooseProvider(
  env: NodeJS.ProcessEnv,
  runtimeAnswers: () => Promise<boolean> = containerRuntimeAnswers,
): Promise<ProviderName> {
  const choice = env.TEST_DB_PROVIDER || undefined;
  if (choice !== undefined && !(PROVIDER_CHOICES as readonly string[]).includes(choice)) {
    throw new Error(
      `TEST_DB_PROVIDER=${choice} is not a provider: use ${PROVIDER_CHOICES.join(' or ')}, or leave it unset ` +
        '(TEST_DATABASE_URL when set, else a container where one answers, else embedded).',
    );
  }
  if (env.TEST_DATABASE_URL) return 'TEST_DATABASE_URL';
  if (choice === 'embedded') return 'embedded-postgres';
  if (await runtimeAnswers()) return 'testcontainers';
  if (choice === 'testcontainers') {
    throw new Error(
      'TEST_DB_PROVIDER=testcontainers: no container runtime answers (Docker, Podman or DOCKER_HOST). ' +
        'Start one, or run without containers: TEST_DB_PROVIDER=embedded.',
    );
  }
  return 'embedded-postgres';
}

/**
 * Starts the provider chooseProvider names. One that was chosen but cannot start is an error with
 * its reason, never a fallback or skip.
 */
export async function startDatabaseServer(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseServer> {
  const provider = await chooseProvider(env);
  if (provider === 'TEST_DATABASE_URL' && env.TEST_DATABASE_URL) {
    await assertReachable(env.TEST_DATABASE_URL, 'TEST_DATABASE_URL');
    return { provider, adminUrl: env.TEST_DATABASE_URL, stop: () => Promise.resolve() };
  }
  return provider === 'testcontainers' ? startTestcontainers(env) : startEmbeddedPostgres();
}
