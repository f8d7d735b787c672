// The embedded provider is exercised by every run without TEST_DATABASE_URL (jest globalSetup);
// it is ESM-only, which jest's module registry cannot load inside a test file.
import { freePort, startDatabaseServer } from '../../dev/database-providers';

describe('The test database provider chain', () => {
  test('When TEST_DATABASE_URL names a server that does not answer, then starting fails with the reason instead of skipping', async () => {
    const port = await freePort();

    const start = startDatabaseServer({ TEST_DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres` });

    await expect(start).rejects.toThrow(new RegExp(`TEST_DATABASE_URL: cannot connect to 127.0.0.1:${port}/postgres: .*ECONNREFUSED`));
  });
});
