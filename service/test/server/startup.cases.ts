import { freePort } from '../../dev/database-providers';
import { withPassword } from '../support/credentials';
import { spawnServer, startServer } from '../support/server-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('Server start', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.release());

  test('When the configuration is bad, then it exits 1 listing every bad key at once, with no password shown', async () => {
    const server = spawnServer({
      DATABASE_URL: withPassword('mysql://app@db/app', 'hunter2-secret'),
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      NODE_ENV: 'staging',
    });

    const code = await server.exited;

    expect(code).toBe(1);
    expect(server.output()).toMatch(/DATABASE_URL=.*must start with postgres:\/\//);
    expect(server.output()).toMatch(/PORT="eighty" must be a whole number/);
    expect(server.output()).toMatch(/LOG_LEVEL="loud" must be one of/);
    expect(server.output()).toMatch(/NODE_ENV="staging" must be one of/);
    expect(server.output()).not.toContain('hunter2-secret');
  });

  test('When DATABASE_URL is missing, then it exits 1 saying it is required', async () => {
    const server = spawnServer({});

    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('DATABASE_URL is required');
  });

  test('When the database cannot be reached, then it exits 1 with the reason and no password', async () => {
    const port = await freePort();
    const server = spawnServer({ DATABASE_URL: withPassword(`postgres://app@127.0.0.1:${port}/app`, 'hunter2-secret') });

    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('cannot reach the database');
    expect(server.output()).toContain(`127.0.0.1:${port}/app`);
    expect(server.output()).not.toContain('hunter2-secret');
  });

  test('When the database is migrated, then /readyz answers 200 shortly after start', async () => {
    const started = Date.now();
    const server = await startServer({ DATABASE_URL: db.url });
    let status = 0;
    while (status !== 200 && Date.now() - started < 15_000) {
      status = (await fetch(`http://127.0.0.1:${server.port}/readyz`)).status;
    }
    process.stdout.write(`compiled server: start to /readyz 200 in ${Date.now() - started} ms\n`);
    server.child.kill('SIGTERM');

    expect(status).toBe(200);
    expect(await server.exited).toBe(0);
  });
});
