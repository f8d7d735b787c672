import { randomBytes } from 'node:crypto';
import type autocannon from 'autocannon';

/** One measured workload: a request generator, the same for both servers. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Resolves the requests against one server (the cursor page asks the server for its cursor). */
  requests(baseUrl: string): Promise<autocannon.Request[]>;
}

const BASE = '/api/v1/items';
const JSON_HEADERS = { 'content-type': 'application/json' };
const runTag = randomBytes(3).toString('hex');
let written = 0;

export function randomId(seeded: number): number {
  return 1 + Math.floor(Math.random() * seeded);
}

// Unique names per request, so creates never collide across servers, runs or connections.
function itemBody(): string {
  written += 1;
  return JSON.stringify({
    name: `bench ${runTag} ${written}`,
    description: 'written by the benchmark',
    priceCents: written % 100_000,
    quantity: written % 50,
  });
}

const getById = (seeded: number): autocannon.Request => ({
  method: 'GET',
  setupRequest: (req) => ({ ...req, path: `${BASE}/${randomId(seeded)}` }),
});
const create = (): autocannon.Request => ({
  method: 'POST',
  path: BASE,
  headers: JSON_HEADERS,
  setupRequest: (req) => ({ ...req, body: itemBody() }),
});
const replace = (seeded: number): autocannon.Request => ({
  method: 'PUT',
  headers: JSON_HEADERS,
  setupRequest: (req) => ({ ...req, path: `${BASE}/${randomId(seeded)}`, body: itemBody() }),
});

/** The second page's URL, taken from the first page's `page.next` the way a client follows it. */
export async function secondPagePath(baseUrl: string): Promise<string> {
  const first = (await (await fetch(`${baseUrl}${BASE}?limit=20`)).json()) as { page?: { next?: string | null } };
  const next = first.page?.next;
  if (typeof next !== 'string') throw new Error(`${baseUrl}${BASE}?limit=20 gave no page.next cursor to follow`);
  return `${BASE}?limit=20&cursor=${encodeURIComponent(next)}`;
}

/** Picks GET by id 70, first page 10, create 15, update 5 in 100 (80/15/5 read/create/update). */
function mixed(seeded: number): autocannon.Request {
  return {
    setupRequest: (req) => {
      const roll = Math.random() * 100;
      if (roll < 70) return { ...req, method: 'GET', path: `${BASE}/${randomId(seeded)}`, body: undefined, headers: {} };
      if (roll < 80) return { ...req, method: 'GET', path: `${BASE}?limit=20`, body: undefined, headers: {} };
      if (roll < 95) return { ...req, method: 'POST', path: BASE, body: itemBody(), headers: JSON_HEADERS };
      return { ...req, method: 'PUT', path: `${BASE}/${randomId(seeded)}`, body: itemBody(), headers: JSON_HEADERS };
    },
  };
}

export function buildScenarios(seeded: number): Scenario[] {
  return [
    { name: 'get-by-id', description: 'GET /api/v1/items/{random seeded id}', requests: () => Promise.resolve([getById(seeded)]) },
    {
      name: 'list-first',
      description: 'GET /api/v1/items?limit=20',
      requests: () => Promise.resolve([{ method: 'GET', path: `${BASE}?limit=20` }]),
    },
    {
      name: 'list-cursor',
      description: 'GET the second page by its page.next cursor',
      requests: async (url) => [{ method: 'GET', path: await secondPagePath(url) }],
    },
    { name: 'create', description: 'POST /api/v1/items', requests: () => Promise.resolve([create()]) },
    { name: 'update', description: 'PUT /api/v1/items/{random seeded id}', requests: () => Promise.resolve([replace(seeded)]) },
    {
      name: 'mix-80-15-5',
      description: '80% reads (70 by id, 10 first page), 15% create, 5% update',
      requests: () => Promise.resolve([mixed(seeded)]),
    },
  ];
}

export const mixedScenario = (seeded: number): Scenario => buildScenarios(seeded)[5] as Scenario;
