import express from 'express';
import request from 'supertest';
import { sendJson } from '../../src/http/send-json';

// Both routes of the same app, so any difference comes from sendJson alone.
function appSending(body: unknown, status: number) {
  const app = express();
  app.set('etag', false);
  app.get('/express', (_req, res) => void res.status(status).json(body));
  app.get('/fast', (_req, res) => sendJson(res, body, status));
  return request(app);
}

const HEADERS = ['content-type', 'content-length', 'transfer-encoding'];
const pick = (headers: Record<string, string>) => Object.fromEntries(HEADERS.map((name) => [name, headers[name]]));

describe('sendJson', () => {
  const bigPage = { data: Array.from({ length: 40 }, (_, i) => ({ id: i, name: `é item ${i}`, at: new Date(i * 1e9) })), next: null };

  test.each([
    ['a small body', { id: 1, name: 'x' }, 200],
    ['a body over 1000 characters with non-ASCII text', bigPage, 201],
  ])('When it sends %s, then status, headers and bytes equal res.json', async (_name, body, status) => {
    const api = appSending(body, status);

    const [expected, actual] = await Promise.all([api.get('/express'), api.get('/fast')]);

    expect(actual.status).toBe(expected.status);
    expect(pick(actual.headers)).toEqual(pick(expected.headers));
    expect(actual.text).toBe(expected.text);
  });

  test('When the request is HEAD, then it gets the headers of the GET and no body, as from res.json', async () => {
    const api = appSending(bigPage, 200);

    const [expected, actual] = await Promise.all([api.head('/express'), api.head('/fast')]);

    expect(actual.status).toBe(200);
    expect(pick(actual.headers)).toEqual(pick(expected.headers));
    expect(actual.text).toBeUndefined();
  });

  test('When the request is conditional, then the answer is res.json own (here a 304 for If-None-Match: *)', async () => {
    const api = appSending(bigPage, 200);

    const [expected, actual] = await Promise.all([
      api.get('/express').set('If-None-Match', '*'),
      api.get('/fast').set('If-None-Match', '*'),
    ]);

    expect(expected.status).toBe(304);
    expect(actual.status).toBe(304);
  });
});
