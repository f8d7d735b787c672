/**
 * The benchmark's ceiling: the items contract on bare node:http + pg.Pool, with the service's
 * own SQL and pool size and byte-identical JSON bodies. It validates only as much as a careful
 * hand-written server would; the bench sends it valid requests only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { SELECT_ITEM_BY_ID } from '../src/items/items.sql';
import { listItemsPage } from './baseline-list';

// The statements Sequelize's query generator builds for Item.create and a full Item.update,
// prepared under a name as the service prepares them (service/src/items/items.write-statements.ts).
const RETURNING = 'RETURNING "id","name","description","price_cents","quantity","name_normalized","created_at","updated_at"';
const INSERT = {
  name: 'items_insert',
  text: `INSERT INTO "items" ("id","name","description","price_cents","quantity","created_at","updated_at") VALUES (DEFAULT,$1,$2,$3,$4,$5,$6) ${RETURNING};`,
};
const UPDATE = {
  name: 'items_update_name_description_priceCents_quantity',
  text: `UPDATE "items" SET "name"=$1,"description"=$2,"price_cents"=$3,"quantity"=$4,"updated_at"=$5 WHERE "id" = $6 ${RETURNING}`,
};
const BASE = '/api/v1/items';
const MAX_ID = 2147483647;

interface Row {
  id: number;
  name: string;
  description: string | null;
  price_cents: number;
  quantity: number;
  created_at: Date;
  updated_at: Date;
}
interface Input {
  name: string;
  description: string | null;
  priceCents: number;
  quantity: number;
}

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) });

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  const type = status >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8';
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(json), ...headers });
  res.end(json);
}

function problem(res: ServerResponse, status: number, detail: string): void {
  send(res, status, { type: 'about:blank', status, detail });
}

const toItem = (r: Row) => ({
  id: r.id,
  name: r.name,
  description: r.description,
  priceCents: r.price_cents,
  quantity: r.quantity,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function parseId(raw: string | undefined): number | undefined {
  const id = raw !== undefined && /^\d{1,10}$/.test(raw) ? Number(raw) : 0;
  return id >= 1 && id <= MAX_ID ? id : undefined;
}

const isCount = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_ID;

function parseInput(text: string): Input | undefined {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const { name, description = null, priceCents, quantity = 0, ...unknown } = body ?? {};
  const nameOk = typeof name === 'string' && name.length >= 1 && name.length <= 200;
  const descriptionOk = description === null || (typeof description === 'string' && description.length <= 2000);
  if (!nameOk || !descriptionOk || !isCount(priceCents) || !isCount(quantity) || Object.keys(unknown).length > 0) return undefined;
  return { name, description, priceCents, quantity } as Input;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

async function write(req: IncomingMessage, res: ServerResponse, id: number | undefined): Promise<void> {
  const input = parseInput(await readBody(req));
  if (!input) return problem(res, 400, 'invalid body');
  const now = new Date();
  if (id === undefined) {
    const { rows } = await pool.query<Row>({
      ...INSERT,
      values: [input.name, input.description, input.priceCents, input.quantity, now, now],
    });
    const item = toItem(rows[0] as Row);
    return send(res, 201, item, { Location: `${BASE}/${item.id}` });
  }
  const { rows } = await pool.query<Row>({ ...UPDATE, values: [input.name, input.description, input.priceCents, input.quantity, now, id] });
  return rows[0] ? send(res, 200, toItem(rows[0])) : problem(res, 404, 'not found');
}

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/healthz') return send(res, 200, { status: 'ok' });
  if (url.pathname === BASE) {
    if (req.method === 'GET') return listItemsPage(pool, url, res, send, problem);
    if (req.method === 'POST') return write(req, res, undefined);
  } else if (url.pathname.startsWith(`${BASE}/`)) {
    const id = parseId(url.pathname.slice(BASE.length + 1));
    if (id === undefined) return problem(res, 400, 'invalid id');
    if (req.method === 'PUT') return write(req, res, id);
    if (req.method === 'GET') {
      const { rows } = await pool.query({ ...SELECT_ITEM_BY_ID, values: [id] });
      return rows[0] ? send(res, 200, rows[0]) : problem(res, 404, 'not found');
    }
  }
  problem(res, 404, 'no route');
}

const server = createServer((req, res) => {
  route(req, res).catch(() => problem(res, 500, 'internal error'));
});
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => server.close(() => void pool.end()));
