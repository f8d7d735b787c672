import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { errorHandler, notFoundHandler } from '../../src/http/error-handler';
import { requestContext } from '../../src/http/request-context';
import { createLogger } from '../../src/logger';

function appLoggingAt(level: 'info' | 'debug'): { app: express.Express; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => void (chunks.push(chunk.toString()), done()) });
  const app = express();
  app.use(requestContext(createLogger({ logLevel: level, logPretty: false }, sink)));
  app.get('/ok', (_req, res) => void res.json({ ok: true }));
  app.use(notFoundHandler);
  app.use(errorHandler);
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { app, lines };
}

describe('Request logging', () => {
  test('When a request succeeds at the default level (info), then nothing is logged for it', async () => {
    const { app, lines } = appLoggingAt('info');

    const res = await request(app).get('/ok');

    expect(res.status).toBe(200);
    expect(lines()).toEqual([]);
  });

  test('When the level is debug, then each request is logged with its id, status and time', async () => {
    const { app, lines } = appLoggingAt('debug');

    await request(app).get('/ok').set('X-Request-Id', 'debug-trace-1');

    expect(lines()).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        req: { id: 'debug-trace-1', method: 'GET', url: '/ok' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    ]);
  });

  test('When a request fails with a 4xx, then one warn line names the request and the status', async () => {
    const { app, lines } = appLoggingAt('info');

    const res = await request(app).get('/missing').set('X-Request-Id', 'warn-trace-1');

    expect(res.status).toBe(404);
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'request failed',
        req: expect.objectContaining({ id: 'warn-trace-1' }),
        res: { statusCode: 404 },
      }),
    ]);
  });
});
