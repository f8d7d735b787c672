import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import fc from 'fast-check';
import type { Response as SupertestResponse } from 'supertest';
import { createHttpServer } from '../../src/http/http-server';
import { loadOpenApiDocument, type HttpMethod } from '../../src/http/openapi';
import { createLogger } from '../../src/logger';
import type { Probe } from './bad-input-arbitraries';
import { probes } from './bad-input-probes';
import { REPOSITORY_ROOT } from '../support/compiled';
import { assertMatchesContract } from '../support/contract';
import { testConfig, useTestApp } from '../support/test-app';

const RUNS = 1200;
const MISSING_ID = 2147483000;
type Stored = { id: number; name: string; description: string | null; priceCents: number; quantity: number };

// Generated requests against a real server: valid ones must succeed and be stored exactly as
// sent, invalid ones must get 4xx problem+json naming the field, and nothing else may happen.
describe('Generated requests to every endpoint (fast-check)', () => {
  const ctx = useTestApp();
  const doc = loadOpenApiDocument();
  const model = new Map<number, Stored>();
  const statusCounts: Record<string, number> = {};
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createHttpServer(ctx.app, {
      bodyLimitBytes: testConfig.bodyLimitBytes,
      logger: createLogger({ logLevel: 'silent', logPretty: false }),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  function resolvePath(probe: Probe, pick: number): { url: string; id?: number } {
    if (!probe.path.includes('{existing}')) return { url: probe.path };
    const ids = [...model.keys()];
    const id = ids.length > 0 && pick % 5 !== 0 ? (ids[pick % ids.length] ?? MISSING_ID) : MISSING_ID;
    return { url: probe.path.replace('{existing}', String(id)), id };
  }

  // The model follows what the server confirmed: created and changed items, deleted ids.
  function record(probe: Probe, id: number | undefined, status: number, body: Stored | undefined): void {
    if (probe.expect.kind !== 'valid' || probe.method === 'GET') return;
    if ((status === 201 || status === 200) && body) model.set(body.id, pick(body));
    if (status === 204 && id !== undefined) model.delete(id);
  }

  function pick({ id, name, description, priceCents, quantity }: Stored): Stored {
    return { id, name, description, priceCents, quantity };
  }

  function checkAnswer(
    probe: Probe,
    id: number | undefined,
    status: number,
    contentType: string,
    body: Record<string, unknown> | undefined,
  ): void {
    const where = `${probe.method} ${probe.path} (${probe.label}) -> ${status}`;
    if (probe.expect.kind === 'valid') {
      const allowed = id === MISSING_ID ? [404] : probe.method === 'POST' ? [201] : probe.method === 'DELETE' ? [204] : [200];
      if (!allowed.includes(status)) throw new Error(`${where}: expected ${allowed.join('/')}\n${JSON.stringify(body)}`);
      if (status === 200 && probe.method === 'GET' && id !== undefined && id !== MISSING_ID) {
        expect(pick(body as Stored)).toEqual(model.get(id));
      }
      return;
    }
    if (!contentType.startsWith('application/problem+json')) throw new Error(`${where}: not problem+json (${contentType})`);
    if (probe.expect.kind === 'method') {
      if (status !== 405) throw new Error(`${where}: expected 405`);
      return;
    }
    const { status: expected, location, field } = probe.expect;
    const errors = (body?.errors ?? []) as Array<{ in: string; field: string }>;
    if (status !== expected || !errors.some((error) => error.in === location && error.field === field)) {
      throw new Error(`${where}: expected ${expected} naming ${location} ${field}\n${JSON.stringify(body)}`);
    }
  }

  test(`When ${RUNS} generated requests are sent, then each gets its documented answer and the table holds exactly the valid writes`, async () => {
    await fc.assert(
      fc.asyncProperty(probes, fc.nat(), async (probe, pickIndex) => {
        const { url, id } = resolvePath(probe, pickIndex);
        const headers: Record<string, string> = probe.body !== undefined ? { 'content-type': probe.contentType ?? 'application/json' } : {};
        const res = await fetch(`${base}${url}`, { method: probe.method, headers, body: probe.body });
        const text = await res.text();
        const contentType = res.headers.get('content-type') ?? '';
        statusCounts[res.status] = (statusCounts[res.status] ?? 0) + 1;
        const body = contentType.includes('json') && text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
        checkAnswer(probe, id, res.status, contentType, body);
        if (res.status !== 405) {
          const asSupertest = { status: res.status, headers: { 'content-type': contentType }, text } as unknown as SupertestResponse;
          assertMatchesContract(doc, probe.method.toLowerCase() as HttpMethod, url, asSupertest);
        }
        record(probe, id, res.status, body as Stored | undefined);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );

    const [rows] = (await ctx.db.sequelize.query(
      'SELECT id, name, description, price_cents AS "priceCents", quantity FROM items ORDER BY id',
    )) as [Stored[], unknown];
    expect(rows).toEqual([...model.values()].sort((a, b) => a.id - b.id));
    expect(Object.values(statusCounts).reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(1000);
    mkdirSync(path.join(REPOSITORY_ROOT, '.reports'), { recursive: true });
    writeFileSync(
      path.join(REPOSITORY_ROOT, '.reports', 'items-properties.json'),
      `${JSON.stringify({ runs: RUNS, statusCounts, rows: rows.length }, null, 2)}\n`,
    );
  }, 120_000);
});
