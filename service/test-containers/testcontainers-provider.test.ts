import { randomBytes } from 'node:crypto';
import { assertReachable, startDatabaseServer } from '../test/support/database-providers';

describe('The Testcontainers database provider', () => {
  test('When the engine answers but TEST_POSTGRES_IMAGE is neither local nor pullable, then it stops at once naming the variable and the embedded fallback', async () => {
    // `.invalid` never resolves (RFC 2606), so the pull fails the same way on every machine.
    const image = `registry.invalid/postgres-${randomBytes(3).toString('hex')}:15`;

    const start = startDatabaseServer({ TEST_POSTGRES_IMAGE: image });

    await expect(start).rejects.toThrow(
      new RegExp(`TEST_POSTGRES_IMAGE=${image.replace(/[.]/g, '\\.')} is not on this machine.*TEST_DB_PROVIDER=embedded`),
    );
  });

  test('When TEST_POSTGRES_IMAGE names a local image, then a container starts and its URL names 127.0.0.1 like the other providers', async () => {
    const server = await startDatabaseServer({ TEST_POSTGRES_IMAGE: process.env.TEST_POSTGRES_IMAGE });

    try {
      expect(server.provider).toBe('testcontainers');
      expect(new URL(server.adminUrl).hostname).toBe('127.0.0.1');
      await expect(assertReachable(server.adminUrl, 'testcontainers')).resolves.toBeUndefined();
    } finally {
      await server.stop();
    }
  });
});
