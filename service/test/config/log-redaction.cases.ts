import { describeDatabase, redactConnectionString } from '../../src/redact';
import { captureLogs } from '../support/log-capture';
import { withPassword } from '../support/credentials';

describe('Connection strings in logs', () => {
  test('When a message, a field or an error carries a connection string, then the password never reaches the log', () => {
    const logs = captureLogs();

    logs.logger.info(`connecting to ${withPassword('postgres://app@db:5432/app', 'pw-in-message')}`);
    logs.logger.warn(
      {
        target: withPassword('postgresql://admin@db/app', 'pw-in-field'),
        nested: { url: withPassword('redis://cache:6379', 'pw-nested') },
      },
      'fields',
    );
    logs.logger.error({ err: new Error('failed: host=db user=app password=pw-keyword dbname=app') }, 'error');

    expect(logs.text()).not.toMatch(/pw-in-message|pw-in-field|pw-nested|pw-keyword/);
    expect(logs.text()).toContain('postgres://app:***@db:5432/app');
    expect(logs.lines()[2]?.err).toMatchObject({ type: 'Error', message: 'failed: host=db user=app password=*** dbname=app' });
  });

  test('When the Authorization header is logged, then it is censored', () => {
    const logs = captureLogs();

    logs.logger.info({ req: { headers: { authorization: 'Bearer abc' } } }, 'request');

    expect(logs.lines()[0]?.req).toEqual({ headers: { authorization: '***' } });
  });

  test('When a URL is described for a log, then only host, port and database are shown', () => {
    expect(describeDatabase(withPassword('postgres://app@db.internal:6543/orders', 'secret'))).toBe('db.internal:6543/orders');
    expect(redactConnectionString('no secrets here')).toBe('no secrets here');
  });
});
