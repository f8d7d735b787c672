import { randomBytes } from 'node:crypto';
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

/** Create, read, delete and read again one item over real HTTP: the image serves the API, not just health. */
export async function checkApiRoundTrip(baseUrl: string): Promise<void> {
  const name = `smoke-${randomBytes(4).toString('hex')}`;
  const created = await expectStatus(
    await request(`${baseUrl}/api/v1/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, priceCents: 100 }),
    }),
    201,
    'POST /api/v1/items',
  );
  const { id } = (await created.json()) as { id: number };
  const read = (await (await expectStatus(await request(`${baseUrl}/api/v1/items/${id}`), 200, `GET /api/v1/items/${id}`)).json()) as {
    name: string;
  };
  if (read.name !== name) throw new DeliveryError(`GET /api/v1/items/${id} returned name ${JSON.stringify(read.name)}, expected ${name}.`);
  await expectStatus(await request(`${baseUrl}/api/v1/items/${id}`, { method: 'DELETE' }), 204, `DELETE /api/v1/items/${id}`);
  await expectStatus(await request(`${baseUrl}/api/v1/items/${id}`), 404, `GET /api/v1/items/${id} after DELETE`);
}
