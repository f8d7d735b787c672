import { listenOnFreePort, type ListeningApp } from '../support/listening-app';
import { rawExchange, type RawResponse } from '../support/raw-http';
import { subjectResource } from '../support/subject-resource';
import { testConfig, useTestApp } from '../support/test-app';

function expectProblem(res: RawResponse, status: number): Record<string, unknown> {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.body) as Record<string, unknown>;
  expect(body).toMatchObject({ type: 'about:blank', status, requestId: expect.any(String), instance: expect.any(String) });
  return body;
}

// What Node's HTTP layer decides before Express runs, on a real socket of a real server.
describe('Protocol edges', () => {
  const ctx = useTestApp();
  const subject = subjectResource();
  let listening: ListeningApp;
  let port: number;

  beforeAll(async () => {
    listening = await listenOnFreePort(ctx.app);
    port = listening.port;
  });
  afterAll(() => listening.close());

  test('When Content-Length declares 10 GiB, then 413 problem+json comes at once, stating the limit, before the body is sent', async () => {
    const head = `POST ${subject.collectionPath} HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 10737418240\r\n\r\n{"na`;

    const res = await rawExchange(port, head);

    const body = expectProblem(res, 413);
    expect(body.detail).toContain(`${testConfig.bodyLimitBytes} bytes`);
    expect(res.headers.connection).toBe('close');
  });

  test('When a chunked body passes the limit, then 413 problem+json comes before the upload ends', async () => {
    const chunk = `400\r\n${'x'.repeat(1024)}\r\n`;
    const head = `POST ${subject.collectionPath} HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;

    const res = await rawExchange(port, head + chunk.repeat(Math.ceil(testConfig.bodyLimitBytes / 1024) + 2));

    const body = expectProblem(res, 413);
    expect(body.detail).toContain(`${testConfig.bodyLimitBytes} bytes`);
  });

  test('When a chunked body stays within the limit, then it is read whole and the row created', async () => {
    const body = subject.createBody();
    const json = JSON.stringify(body);
    const chunks = [json.slice(0, 10), json.slice(10)].map((part) => `${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`).join('');
    const head = `POST ${subject.collectionPath} HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;

    const res = await rawExchange(port, `${head}${chunks}0\r\n\r\n`);

    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toMatchObject(body);
  });

  test('When Expect: 100-continue comes with an oversized Content-Length, then 413 instead of 100 Continue', async () => {
    const head = `POST ${subject.collectionPath} HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 99999999\r\n\r\n`;

    const res = await rawExchange(port, head);

    expectProblem(res, 413);
  });

  test('When Expect carries anything but 100-continue, then 417 problem+json', async () => {
    const res = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost: a\r\nExpect: foo\r\n\r\n');

    const body = expectProblem(res, 417);
    expect(body.detail).toContain('100-continue');
  });

  test('When the request line is malformed, then 400 problem+json', async () => {
    const res = await rawExchange(port, 'NOT A REQUEST\r\n\r\n');

    expectProblem(res, 400);
  });

  test('When a header line is malformed, then 400 problem+json', async () => {
    const res = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost: a\r\nBad Header Without Colon\r\n\r\n');

    expectProblem(res, 400);
  });

  test('When the headers exceed the size Node accepts, then 431 problem+json', async () => {
    const res = await rawExchange(port, `GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: ${'x'.repeat(20 * 1024)}\r\n\r\n`);

    expectProblem(res, 431);
  });

  test('When a well-formed request follows, then the server still answers normally', async () => {
    const res = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n');

    expect(res.status).toBe(200);
  });
});
