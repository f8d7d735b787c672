import { randomBytes } from 'node:crypto';
import { DeliveryError } from './delivery-error';
import { docker, dockerOk, secondsSince } from './docker-cli';
import { POSTGRES_IMAGE } from './images';
import { checkApiRoundTrip, request, waitFor } from './smoke-checks';

export interface SmokeOptions {
  readonly image: string;
  /** Image of the throwaway database; the official postgres:15, pinned, unless given. */
  readonly postgresImage?: string;
  /** PORT inside the container: a non-default one proves the server and HEALTHCHECK honour it. */
  readonly port: number;
  readonly progress: (line: string) => void;
}

export interface SmokeFigures {
  readonly imageSizeMb: number;
  readonly migrateSeconds: number;
  readonly startToReadySeconds: number;
  readonly startToHealthySeconds: number;
  readonly stopSeconds: number;
  readonly uid: number;
  readonly exitCode: number;
}

type Collected = { -readonly [K in keyof SmokeFigures]?: SmokeFigures[K] };

const STOP_GRACE_SECONDS = 15;

/** Names of what one run creates, unique so parallel runs never touch each other's. */
function names() {
  const suffix = randomBytes(4).toString('hex');
  return { network: `smoke-${suffix}`, db: `smoke-db-${suffix}`, api: `smoke-api-${suffix}`, password: randomBytes(18).toString('hex') };
}

async function startDatabase(run: ReturnType<typeof names>, image: string): Promise<void> {
  await dockerOk('docker network create', ['network', 'create', run.network]);
  const env = { POSTGRES_PASSWORD: run.password };
  await dockerOk(
    `starting the database (${image})`,
    ['run', '-d', '--name', run.db, '--network', run.network, '-e', 'POSTGRES_PASSWORD', image],
    { env },
  );
  // Over TCP: the image's init-time server listens on the Unix socket only.
  await waitFor('the database to accept TCP connections', 60_000, async () => {
    const ready = await docker(['exec', run.db, 'pg_isready', '-q', '-h', '127.0.0.1', '-U', 'postgres']);
    return ready.code === 0;
  });
}

function databaseEnv(run: ReturnType<typeof names>) {
  return { DATABASE_URL: `postgres://postgres@${run.db}:5432/postgres`, PGPASSWORD: run.password };
}

async function migrate(run: ReturnType<typeof names>, image: string): Promise<number> {
  const started = performance.now();
  const args = ['run', '--rm', '--network', run.network, '-e', 'DATABASE_URL', '-e', 'PGPASSWORD', image];
  await dockerOk('the migration step from the image', [...args, 'node', 'dist/service/src/cli/migrate.js', 'up', '--json'], {
    env: databaseEnv(run),
  });
  return secondsSince(started);
}

async function serve(run: ReturnType<typeof names>, options: SmokeOptions): Promise<{ baseUrl: string; started: number }> {
  const started = performance.now();
  const env = { ...databaseEnv(run), PORT: String(options.port) };
  const args = ['run', '-d', '--name', run.api, '--network', run.network, '-e', 'DATABASE_URL', '-e', 'PGPASSWORD', '-e', 'PORT'];
  await dockerOk('starting the server from the image', [...args, '-p', `127.0.0.1::${options.port}`, options.image], { env });
  const mapped = await dockerOk('docker port', ['port', run.api, `${options.port}/tcp`]);
  const hostPort = /:(\d+)\s*$/m.exec(mapped)?.[1];
  if (!hostPort) throw new DeliveryError(`docker port gave no host port for ${options.port}: ${mapped}`);
  return { baseUrl: `http://127.0.0.1:${hostPort}`, started };
}

async function logsOf(container: string): Promise<string> {
  const result = await docker(['logs', '--tail', '20', container]);
  return `${result.stdout}${result.stderr}`.trim();
}

async function checkRunningServer(run: ReturnType<typeof names>, options: SmokeOptions, figures: Collected): Promise<void> {
  const { baseUrl, started } = await serve(run, options);
  await waitFor(
    '/readyz to answer 200',
    60_000,
    async () => (await request(`${baseUrl}/readyz`, {}, 2_000).catch(() => undefined))?.status === 200,
  );
  figures.startToReadySeconds = secondsSince(started);
  options.progress(`/readyz 200 on PORT=${options.port} after ${figures.startToReadySeconds} s`);
  await checkApiRoundTrip(baseUrl);
  options.progress('POST 201, GET 200, DELETE 204, GET 404');
  figures.uid = Number(
    await dockerOk('reading the uid', ['exec', run.api, 'node', '-e', 'process.stdout.write(String(process.getuid()))']),
  );
  if (figures.uid !== 1000)
    throw new DeliveryError(`the server runs as uid ${figures.uid}, expected 1000 (USER 1000:1000 in the Dockerfile).`);
  await waitFor('the HEALTHCHECK to report healthy', 90_000, async () => {
    const status = await dockerOk('docker inspect', ['inspect', '--format', '{{.State.Health.Status}}', run.api]);
    if (status === 'unhealthy') throw new DeliveryError(`HEALTHCHECK reports unhealthy:\n${await logsOf(run.api)}`);
    return status === 'healthy';
  });
  figures.startToHealthySeconds = secondsSince(started);
  options.progress(`HEALTHCHECK healthy after ${figures.startToHealthySeconds} s`);
}

async function stopServer(run: ReturnType<typeof names>, figures: Collected): Promise<void> {
  const started = performance.now();
  await dockerOk('docker stop', ['stop', '--time', String(STOP_GRACE_SECONDS), run.api]);
  figures.stopSeconds = secondsSince(started);
  figures.exitCode = Number(await dockerOk('docker inspect', ['inspect', '--format', '{{.State.ExitCode}}', run.api]));
  if (figures.exitCode !== 0 || figures.stopSeconds >= STOP_GRACE_SECONDS) {
    throw new DeliveryError(
      `docker stop: exit ${figures.exitCode} after ${figures.stopSeconds} s; expected 0 within ${STOP_GRACE_SECONDS} s:\n${await logsOf(run.api)}`,
    );
  }
}

/**
 * Runs a built image the way a deploy does: the migration step on a fresh database, then the
 * server on a non-default PORT, checked over real HTTP, then stopped as an orchestrator would.
 * Everything it creates is removed, whether it passes or not.
 */
export async function smokeImage(options: SmokeOptions): Promise<SmokeFigures> {
  const run = names();
  const figures: Collected = {};
  const size = await dockerOk(`finding ${options.image} (build it with \`make image\`)`, [
    'image',
    'inspect',
    '--format',
    '{{.Size}}',
    options.image,
  ]);
  figures.imageSizeMb = Math.round(Number(size) / 1e6);
  try {
    await startDatabase(run, options.postgresImage ?? POSTGRES_IMAGE);
    figures.migrateSeconds = await migrate(run, options.image);
    options.progress(`migrations applied from the image in ${figures.migrateSeconds} s`);
    await checkRunningServer(run, options, figures);
    await stopServer(run, figures);
    options.progress(`docker stop: exit 0 after ${figures.stopSeconds} s`);
    return figures as SmokeFigures;
  } finally {
    await docker(['rm', '-f', '-v', run.api, run.db]);
    await docker(['network', 'rm', run.network]);
  }
}
