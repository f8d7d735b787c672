import express from 'express';
import { checkApiRoundTrip } from '../../src/delivery/smoke-checks';
import { loadOpenApiDocument } from '../../src/http/openapi';
import { listenOnFreePort, type ListeningApp } from '../support/listening-app';
import { useTestApp } from '../support/test-app';

describe("The deploy's API smoke check", () => {
  const ctx = useTestApp();
  let served: ListeningApp | undefined;
  afterEach(() => served?.close());

  test('When the service serves its API, then the round trip creates, reads, deletes and misses one row of the first documented collection', async () => {
    served = await listenOnFreePort(ctx.app);

    await expect(checkApiRoundTrip(`http://127.0.0.1:${served.port}`)).resolves.toBeUndefined();
  });

  test('When the served document has no collection to create in, then it fails saying so', async () => {
    const onlyOperations = express().get('/openapi.json', (_req, res) => {
      res.json({ ...loadOpenApiDocument(), paths: { '/healthz': loadOpenApiDocument().paths['/healthz'] } });
    });
    served = await listenOnFreePort(onlyOperations);

    await expect(checkApiRoundTrip(`http://127.0.0.1:${served.port}`)).rejects.toThrow(/no collection with POST/);
  });

  test('When a read returns other data than was written, then it fails naming the field', async () => {
    const wrongRead = express()
      .use(express.json())
      .get('/openapi.json', (_req, res) => void res.json(loadOpenApiDocument()))
      .post(/.*/, (_req, res) => void res.status(201).json({ id: 1 }))
      .get(/.*/, (_req, res) => void res.json({ id: 1 }));
    served = await listenOnFreePort(wrongRead);

    await expect(checkApiRoundTrip(`http://127.0.0.1:${served.port}`)).rejects.toThrow(/returned \w+ undefined, expected smoke-/);
  });
});
