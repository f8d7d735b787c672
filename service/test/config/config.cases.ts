import { ConfigError, loadConfig } from '../../src/config';
import { withPassword } from '../support/credentials';

const VALID = { DATABASE_URL: 'postgres://app@localhost:5432/app' };

describe('loadConfig', () => {
  test('When only DATABASE_URL is set, then every other key takes its documented default', () => {
    const config = loadConfig(VALID);

    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      dbPoolMax: 10,
      dbPoolAcquireTimeoutMs: 5000,
      bodyLimitBytes: 102400,
      shutdownTimeoutMs: 10000,
      corsOrigins: [],
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('When several keys are bad, then one error lists all of them', () => {
    const load = () => loadConfig({ DATABASE_URL: 'not a url', PORT: '70000', DB_POOL_MAX: '0', LOG_PRETTY: 'maybe' });

    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        expect.stringMatching(/^PORT="70000" must be a whole number from 0 to 65535/),
        expect.stringMatching(/^DATABASE_URL=.* must be a URL/),
        expect.stringMatching(/^DB_POOL_MAX="0"/),
        expect.stringMatching(/^LOG_PRETTY="maybe" must be true or false/),
      ]);
    }
  });

  test('When a bad DATABASE_URL carries a password, then the error hides it', () => {
    const load = () => loadConfig({ DATABASE_URL: withPassword('mysql://app@db:3306/app', 's3cr3t-value') });

    expect(load).toThrow(/DATABASE_URL="mysql:\/\/app:\*\*\*@db:3306\/app" must start with postgres:\/\//);
    expect(load).not.toThrow(/s3cr3t-value/);
  });

  test('When CORS_ORIGINS lists origins, then they are split and trimmed', () => {
    const config = loadConfig({ ...VALID, CORS_ORIGINS: 'https://a.example, https://b.example ,' });

    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  test('When DATABASE_URL names no database, then it is refused', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://app@localhost:5432' })).toThrow(/must name a database/);
  });
});
