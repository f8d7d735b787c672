import { randomBytes } from 'node:crypto';
import { createExample, firstRoundTripCollection } from '../http/create-example';
import type { OpenApiDocument } from '../http/openapi';
import { DeliveryError } from './delivery-error';

/** Polls `check` until it is true; fails naming what it waited for once `timeoutMs` has passed. */
export async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new DeliveryError(`timed out after ${timeoutMs / 1000} s waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * fetch with a deadline. The timer is a normal (ref'd) one on purpose: an undici request to a
 * port that accepts but never answers does not keep Node's event loop alive by itself.
 */
export async function request(url: string, init: RequestInit = {}, timeoutMs = 5_000): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DeliveryError(`${init.method ?? 'GET'} ${url} did not answer within ${timeoutMs} ms.`)),
    timeoutMs,
  );
  try {
    return await fetch(url, { ...init, signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

async function expectStatus(response: Response, expected: number, what: string): Promise<Response> {
  if (response.status !== expected) {
    throw new DeliveryError(`${what}: expected ${expected}, got ${response.status}: ${(await response.text()).slice(0, 300)}`);
  }
  return response;
}

/**
 * Create, read, delete and read again one row over real HTTP, in the first collection the served
 * OpenAPI document lets a client create in (items in the template, a fork's own resource after
 * it): the image serves the API, not just health. The body is the document's own example.
 */
export async function checkApiRoundTrip(baseUrl: string): Promise<void> {
  const doc = (await (await expectStatus(await request(`${baseUrl}/openapi.json`), 200, 'GET /openapi.json')).json()) as OpenApiDocument;
  const collection = firstRoundTripCollection(doc);
  if (!collection)
    throw new DeliveryError('the served OpenAPI document has no collection with POST, and GET and DELETE by {id}, to smoke-test.');
  let example;
  try {
    example = createExample(doc, collection);
  } catch (error) {
    throw new DeliveryError(`cannot build a request for the smoke check: ${(error as Error).message}.`);
  }
  const marker = `smoke-${randomBytes(4).toString('hex')}`;
  const created = await expectStatus(
    await request(`${baseUrl}${collection}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...example.body, [example.textField]: marker }),
    }),
    201,
    `POST ${collection}`,
  );
  const { id } = (await created.json()) as { id: number };
  const one = `${collection}/${id}`;
  const read = (await (await expectStatus(await request(`${baseUrl}${one}`), 200, `GET ${one}`)).json()) as Record<string, unknown>;
  if (read[example.textField] !== marker) {
    throw new DeliveryError(`GET ${one} returned ${example.textField} ${JSON.stringify(read[example.textField])}, expected ${marker}.`);
  }
  await expectStatus(await request(`${baseUrl}${one}`, { method: 'DELETE' }), 204, `DELETE ${one}`);
  await expectStatus(await request(`${baseUrl}${one}`), 404, `GET ${one} after DELETE`);
}
