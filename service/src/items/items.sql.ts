/**
 * The SQL of the items hot path, as named prepared statements: Postgres parses and plans each
 * once per connection. The benchmark's plain node:http baseline imports the same texts, so the
 * two servers it compares send identical SQL.
 */
import type { NamedQuery } from '../db/prepared-query';

const ITEM_COLUMNS = `id, name, description, price_cents AS "priceCents", quantity, created_at AS "createdAt", updated_at AS "updatedAt"`;

export const SELECT_ITEM_BY_ID: NamedQuery = { name: 'items_by_id', text: `SELECT ${ITEM_COLUMNS} FROM items WHERE id = $1` };

/**
 * Keyset page: rows after an id (0 for the first page), in id order, so one range scan of the
 * primary key index answers it whatever the table size; no count(*), which reads every row.
 * The caller asks for one row more than it shows to learn whether a next page exists, and
 * may skip a few rows (OFFSET is capped by the API).
 */
export const SELECT_ITEMS_PAGE: NamedQuery = {
  name: 'items_page',
  text: `SELECT ${ITEM_COLUMNS} FROM items WHERE id > $1 ORDER BY id LIMIT $2 OFFSET $3`,
};
