import express from 'express';
import request from 'supertest';
import { errorHandler } from '../../src/http/error-handler';
import { requestContext } from '../../src/http/request-context';
import { captureLogs } from '../support/log-capture';
import { subjectResource } from '../support/subject-resource';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { useTestApp } from '../support/test-app';

describe('Unexpected errors', () => {
  const logs = captureLogs();
  const ctx = useTestApp({ logger: logs.logger });
  const subject = subjectResource();
  // The table disappears under the running app, as it would after a bad manual change.
  beforeEach(() => ctx.db.sequelize.query(`ALTER TABLE "${subject.table}" RENAME TO "${subject.table}_moved_away"`));
  afterEach(() => ctx.db.sequelize.query(`ALTER TABLE "${subject.table}_moved_away" RENAME TO "${subject.table}"`));

  test('When the database fails mid-request, then 500 problem+json without SQL or stack, logged with the request id', async () => {
    const res = await ctx.api.get(subject.collectionPath).set('X-Request-Id', 'trace-500-test');

    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ status: 500, title: 'Internal Server Error', requestId: 'trace-500-test' });
    expect(res.body.detail).toBe('An unexpected error occurred. It has been logged.');
    expect(res.text).not.toMatch(/SELECT|relation|\.[jt]s:\d|sequelize|stack/i);
    const logged = logs.lines().find((line) => line.msg === 'unhandled error');
    expect(logged).toMatchObject({ level: 50, req: expect.objectContaining({ id: 'trace-500-test' }) });
    expect(logged?.err).toMatchObject({ type: 'DatabaseError', message: `relation "${subject.table}" does not exist` });
  });

  test('When a request has no id of its own, then one is made and returned in X-Request-Id and the body', async () => {
    const res = await ctx.api.get(subject.collectionPath).set('X-Request-Id', 'has spaces; not an id');

    expect(res.status).toBe(500);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });
});

// Constraint violations raised by the real database go through the one error middleware. The
// tables are the test's own, so the mapping is shown whatever resources the service has.
describe('Constraint violations', () => {
  let db: TestDatabase;
  const app = express();

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.sequelize.query('CREATE TABLE tags (id serial PRIMARY KEY, label text UNIQUE NOT NULL)');
    await db.sequelize.query('CREATE TABLE tag_uses (tag_id int REFERENCES tags(id))');
    await db.sequelize.query(`INSERT INTO tags (label) VALUES ('taken')`);
    app.use(requestContext(captureLogs().logger));
    app.post('/tags', async (_req, res) => {
      await db.sequelize.getQueryInterface().bulkInsert('tags', [{ label: 'taken' }]);
      res.status(201).end();
    });
    app.post('/tag-uses', async (_req, res) => {
      await db.sequelize.getQueryInterface().bulkInsert('tag_uses', [{ tag_id: 999999 }]);
      res.status(201).end();
    });
    app.use(errorHandler);
  });
  afterAll(() => db.release());

  test('When a unique value is taken, then 409 names the field in camelCase', async () => {
    const res = await request(app).post('/tags');

    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'label' })]);
  });

  test('When a foreign key points nowhere, then 422 names the field', async () => {
    const res = await request(app).post('/tag-uses');

    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'tagId' })]);
  });
});
