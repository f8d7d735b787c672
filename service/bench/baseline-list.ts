import type { ServerResponse } from 'node:http';
import type pg from 'pg';

type Send = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void;
type Problem = (res: ServerResponse, status: number, detail: string) => void;

const COLUMNS = `id, name, description, price_cents AS "priceCents", quantity, created_at AS "createdAt", updated_at AS "updatedAt"`;

function boundedInteger(raw: string | null, fallback: number, min: number, max: number): number | undefined {
  if (raw === null) return fallback;
  const value = /^\d{1,10}$/.test(raw) ? Number(raw) : -1;
  return value >= min && value <= max ? value : undefined;
}

/** GET /api/v1/items on the baseline, in the service's list shape. */
export async function listItemsPage(pool: pg.Pool, url: URL, res: ServerResponse, send: Send, problem: Problem): Promise<void> {
  const limit = boundedInteger(url.searchParams.get('limit'), 20, 1, 100);
  const offset = boundedInteger(url.searchParams.get('offset'), 0, 0, 2147483647);
  if (limit === undefined || offset === undefined) return problem(res, 400, 'invalid query');
  const [page, count] = await Promise.all([
    pool.query(`SELECT ${COLUMNS} FROM items ORDER BY id LIMIT $1 OFFSET $2`, [limit, offset]),
    pool.query<{ total: number }>('SELECT count(*)::int AS total FROM items'),
  ]);
  send(res, 200, { data: page.rows, page: { limit, offset, total: count.rows[0]?.total ?? 0 } });
}
