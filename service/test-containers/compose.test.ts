import { randomBytes } from 'node:crypto';
import { docker } from '../src/delivery/docker-cli';
import { checkApiRoundTrip, request, waitFor } from '../src/delivery/smoke-checks';
import { freePort } from '../dev/database-providers';
import { runMake } from './support/run-make';

async function containersOf(project: string): Promise<string[]> {
  const listed = await docker([
    'ps',
    '-a',
    '--filter',
    `label=com.docker.compose.project=${project}`,
    '--format',
    '{{.Names}} {{.Status}}',
  ]);
  return listed.stdout.trim().split('\n').filter(Boolean);
}

describe('The compose stack (make up / make down)', () => {
  const project = `gitops-test-${randomBytes(4).toString('hex')}`;
  let env: Record<string, string>;

  beforeAll(async () => {
    env = { COMPOSE_PROJECT: project, API_PORT: String(await freePort()), DB_PORT: String(await freePort()) };
  });

  afterAll(async () => {
    // Always, even after a failure: no container, network or volume of this run stays behind.
    await runMake(['down', 'ARGS=-v --remove-orphans --rmi local'], env);
  });

  test('When make up runs, then the db gets healthy, migrate exits 0 and the api answers /readyz 200 and the API round trip (POST 201, GET, DELETE) on API_PORT; make down leaves no container', async () => {
    const started = performance.now();
    const up = await runMake(['up'], env);

    expect({ code: up.code, stderr: up.code === 0 ? '' : up.stderr.slice(-2000) }).toEqual({ code: 0, stderr: '' });
    const baseUrl = `http://127.0.0.1:${env.API_PORT}`;
    await waitFor(
      '/readyz 200 from the compose api',
      60_000,
      async () => (await request(`${baseUrl}/readyz`, {}, 2_000).catch(() => undefined))?.status === 200,
    );
    process.stdout.write(`compose: make up to /readyz 200 in ${Math.round((performance.now() - started) / 100) / 10} s\n`);
    await expect(checkApiRoundTrip(baseUrl)).resolves.toBeUndefined();
    const states = await docker([
      'ps',
      '-a',
      '--filter',
      `label=com.docker.compose.project=${project}`,
      '--format',
      '{{.Label "com.docker.compose.service"}} {{.Status}}',
    ]);
    expect(states.stdout).toMatch(/^migrate Exited \(0\)/m);
    expect(states.stdout).toMatch(/^db Up .*\(healthy\)/m);

    const down = await runMake(['down', 'ARGS=-v'], env);

    expect(down.code).toBe(0);
    expect(await containersOf(project)).toEqual([]);
  });
});
