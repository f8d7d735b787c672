import path from 'node:path';
import { freePort } from '../../dev/database-providers';
import { withPassword } from '../support/credentials';
import { spawnServer, startServer } from '../support/server-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Preloaded into the server, it prints the npm packages the process loaded when it exits.
const REPORT_LOADED_PACKAGES = `--require=${JSON.stringify(path.join(__dirname, '../support/report-loaded-packages.js'))}`;

// Most of a start's CPU, so the server loads them only once its configuration is good.
const HEAVY_PACKAGES = ['ajv', 'express', 'pino', 'sequelize'];

function heavyPackagesLoaded(output: string): string[] {
  const report = /loaded packages: (.*)/.exec(output)?.[1];
  if (report === undefined) throw new Error(`the server printed no list of loaded packages:\n${output}`);
  return report.split(' ').filter((name) => HEAVY_PACKAGES.includes(name));
}

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

  test('When DATABASE_URL is missing, then it exits 1 saying it is required, before loading Express, Sequelize, Ajv or pino', async () => {
    const server = spawnServer({ NODE_OPTIONS: REPORT_LOADED_PACKAGES });

    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('DATABASE_URL is required');
    // They are most of a start's CPU: a pod in a crash loop over a bad setting should not pay for them.
    expect(heavyPackagesLoaded(server.output())).toEqual([]);
  });

  test('When the database cannot be reached, then it exits 1 with the reason and no password', async () => {
    const port = await freePort();
    const server = spawnServer({
      DATABASE_URL: withPassword(`postgres://app@127.0.0.1:${port}/app`, 'hunter2-secret'),
      NODE_OPTIONS: REPORT_LOADED_PACKAGES,
    });

    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('cannot reach the database');
    expect(server.output()).toContain(`127.0.0.1:${port}/app`);
    expect(server.output()).not.toContain('hunter2-secret');
    // With a good configuration it loads them all: the report above would see them.
    expect(heavyPackagesLoaded(server.output())).toEqual(HEAVY_PACKAGES);
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
