import type { ServerResponse } from 'node:http';
import type pg from 'pg';
import { SELECT_ITEMS_PAGE } from '../src/items/items.sql';

type Send = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void;
type Problem = (res: ServerResponse, status: number, detail: string) => void;

const BASE = '/api/v1/items';

function boundedInteger(raw: string | null, fallback: number, max: number): number | undefined {
  if (raw === null) return fallback;
  const value = /^\d{1,4}$/.test(raw) ? Number(raw) : -1;
  return value >= 0 && value <= max ? value : undefined;
}

// The service's opaque cursor: base64url of "id:<last id>".
function afterId(cursor: string | null): number | undefined {
  if (cursor === null) return 0;
  const id = Number(/^id:([1-9]\d{0,9})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'))?.[1]);
  return Number.isInteger(id) && id <= 2147483647 ? id : undefined;
}

/** GET /api/v1/items on the baseline: the service's keyset page, SQL, body and Link header. */
export async function listItemsPage(pool: pg.Pool, url: URL, res: ServerResponse, send: Send, problem: Problem): Promise<void> {
  const limit = boundedInteger(url.searchParams.get('limit'), 20, 100);
  const offset = boundedInteger(url.searchParams.get('offset'), 0, 1000);
  const after = afterId(url.searchParams.get('cursor'));
  if (!limit || offset === undefined || after === undefined) return problem(res, 400, 'invalid query');
  const { rows } = await pool.query<{ id: number }>({ ...SELECT_ITEMS_PAGE, values: [after, limit + 1, offset] });
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  const next = rows.length > limit && last ? Buffer.from(`id:${last.id}`).toString('base64url') : null;
  const headers: Record<string, string> = next ? { Link: `<${BASE}?limit=${limit}&cursor=${next}>; rel="next"` } : {};
  send(res, 200, { data, page: { limit, next } }, headers);
}
