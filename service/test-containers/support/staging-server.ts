import { randomBytes } from 'node:crypto';
import { docker, dockerOk } from '../../src/delivery/docker-cli';

/**
 * The server the "staging" databases live on: TEST_DATABASE_URL when set (the machine's Postgres),
 * else a Postgres container from POSTGRES_IMAGE published on 127.0.0.1, reachable by pg_dump here.
 */
export async function stagingServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return { url: given, stop: () => Promise.resolve() };
  const image = process.env.POSTGRES_IMAGE || process.env.TEST_POSTGRES_IMAGE;
  if (!image) throw new Error('The deploy test needs a Postgres: set TEST_DATABASE_URL, or POSTGRES_IMAGE to an image it can run.');
  const name = `deploy-e2e-pg-${randomBytes(4).toString('hex')}`;
  await dockerOk('docker run postgres', [
    'run',
    '--detach',
    '--rm',
    '--name',
    name,
    '--publish',
    '127.0.0.1::5432',
    '--env',
    'POSTGRES_HOST_AUTH_METHOD=trust',
    image,
  ]);
  const stop = async () => void (await docker(['stop', name]));
  const port = (await dockerOk('docker port', ['port', name, '5432/tcp'])).trim().split('\n')[0]?.split(':').pop();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  for (let attempt = 0; attempt < 120; attempt += 1) {
    // Over TCP: the image's first start serves only its socket while initdb runs.
    const ready = await docker(['exec', name, 'pg_isready', '-q', '-h', '127.0.0.1', '-U', 'postgres']);
    if (ready.code === 0) return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`Postgres from ${image} did not become ready`);
}
