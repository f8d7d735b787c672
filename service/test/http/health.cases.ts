import { createReadinessCheck } from '../../src/db/readiness';
import { createSequelize } from '../../src/db/sequelize';
import { freePort } from '../../dev/database-providers';
import { useTestApp } from '../support/test-app';

describe('Health and readiness', () => {
  const ctx = useTestApp();

  test('When the process is up, then /healthz answers 200 without touching the database', async () => {
    const res = await ctx.api.get('/healthz');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  test('When the database answers and every migration is applied, then /readyz is 200', async () => {
    const res = await ctx.api.get('/readyz');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready' });
  });

  test('When a migration is pending, then /readyz is 503 naming it, and 200 again once it is applied', async () => {
    const [[row]] = (await ctx.db.sequelize.query(
      'DELETE FROM "SequelizeMeta" WHERE name = (SELECT max(name) FROM "SequelizeMeta") RETURNING name',
    )) as [Array<{ name: string }>, unknown];

    const pending = await ctx.api.get('/readyz');
    await ctx.db.sequelize.query('INSERT INTO "SequelizeMeta" (name) VALUES ($1)', { bind: [row?.name] });
    const ready = await ctx.api.get('/readyz');

    expect(pending.status).toBe(503);
    expect(pending.body).toMatchObject({ status: 'not ready', pendingMigrations: [row?.name] });
    expect(pending.body.reason).toMatch(/1 migration\(s\) pending/);
    expect(ready.status).toBe(200);
  });

  test('When the database cannot be reached, then readiness is false with the reason', async () => {
    const deadPort = await freePort();
    const unreachable = createSequelize({ databaseUrl: `postgres://nobody@127.0.0.1:${deadPort}/none`, dbPoolMax: 1 });

    const readiness = await createReadinessCheck(unreachable, ['20250101000000-x.js'])();

    expect(readiness.ready).toBe(false);
    expect(readiness.reason).toMatch(/^database unreachable: .*ECONNREFUSED/);
    await unreachable.close();
  });
});
