import { networkInterfaces } from 'node:os';
import { productionSignals } from '../../src/cli/shared/production-check';

describe('looks like production', () => {
  test.each([
    'postgres://postgres@127.0.0.1:5432/app_dev',
    'postgres://postgres@localhost/app',
    'postgres://postgres@[::1]:5432/app',
    'postgres://postgres@api.localhost/app',
  ])('When the database %s is on this machine and not named production, then nothing says production', (url) => {
    expect(productionSignals(url, {})).toEqual([]);
  });

  test.each([
    ['postgres://app@db.example.com:5432/app', {}, 'its host db.example.com is not this machine'],
    ['postgres://app@127.0.0.1:5432/app_prod', {}, 'its name "app_prod" says production'],
    ['postgres://live_user@127.0.0.1:5432/app', {}, 'its name "live_user" says production'],
    ['postgres://app@127.0.0.1:5432/app', { NODE_ENV: 'production' }, 'NODE_ENV is production'],
  ])('When the database is %s (env %j), then the reason is "%s"', (url, env, reason) => {
    expect(productionSignals(url, env)).toContain(reason);
  });

  test('When LOCAL_DATABASE_HOSTS lists a host, then that host counts as this machine', () => {
    expect(productionSignals('postgres://app@db:5432/app', { LOCAL_DATABASE_HOSTS: 'db, devbox' })).toEqual([]);
  });

  test("When the host is an address of one of this machine's own interfaces (a container bridge gateway), then it counts as this machine", () => {
    const own = Object.values(networkInterfaces())
      .flatMap((addresses) => addresses ?? [])
      .find((address) => address.family === 'IPv4' && !address.internal);
    expect(own).toBeDefined();
    expect(productionSignals(`postgres://app@${own?.address ?? 'missing'}:5432/app`, {})).toEqual([]);
  });

  test('When a word merely contains "prod" (product_catalog), then it does not count', () => {
    expect(productionSignals('postgres://app@127.0.0.1/product_catalog', {})).toEqual([]);
  });
});
