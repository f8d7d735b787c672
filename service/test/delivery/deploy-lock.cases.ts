import { randomBytes } from 'node:crypto';
import { acquireDeployLock, type DeployLock } from '../../src/delivery/deploy-lock';
import { DELIVERY_EXIT, DeliveryError } from '../../src/delivery/delivery-error';
import { createEmptyDatabase } from '../support/test-database';

describe('the deploy lock (one deploy per environment and database)', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  const held: DeployLock[] = [];

  beforeEach(async () => {
    database = await createEmptyDatabase();
  });

  afterEach(async () => {
    await Promise.all(held.splice(0).map((lock) => lock.release()));
    await database.release();
  });

  const environment = () => `env-${randomBytes(3).toString('hex')}`;

  test('When a deploy of the environment holds the lock, then a second one without wait is refused with exit 3 naming the holder', async () => {
    // Arrange
    const env = environment();
    held.push(await acquireDeployLock(database.url, env, 0, () => undefined));

    // Act
    const second = acquireDeployLock(database.url, env, 0, () => undefined);

    // Assert
    await expect(second).rejects.toBeInstanceOf(DeliveryError);
    await expect(second).rejects.toMatchObject({
      exitCode: DELIVERY_EXIT.locked,
      message: expect.stringContaining(`deploy:${env}`) as unknown,
    });
  });

  test('When the holder releases while a second deploy waits, then the second takes the lock after the release', async () => {
    // Arrange
    const env = environment();
    const first = await acquireDeployLock(database.url, env, 0, () => undefined);
    const lines: string[] = [];
    let secondTook = false;
    const second = acquireDeployLock(database.url, env, 60_000, (line) => lines.push(line)).then((lock) => {
      secondTook = true;
      held.push(lock);
    });
    await new Promise<void>((resolve) => {
      const check = () => (lines.some((line) => line.startsWith('waiting for the deploy lock')) ? resolve() : setImmediate(check));
      check();
    });

    // Act
    const tookBeforeRelease = secondTook;
    await first.release();
    await second;

    // Assert
    expect(tookBeforeRelease).toBe(false);
    expect(secondTook).toBe(true);
    expect(lines.at(-1)).toBe(`deploy lock of ${env} taken`);
  });

  test('When two environments deploy to one database, then neither blocks the other', async () => {
    // Arrange
    held.push(await acquireDeployLock(database.url, environment(), 0, () => undefined));

    // Act
    const other = await acquireDeployLock(database.url, environment(), 0, () => undefined);
    held.push(other);

    // Assert
    expect(other).toBeDefined();
  });
});
