/**
 * Items numbered $1..$2 in one statement, for `make db-seed` and the benchmark. Rows look like
 * real ones: varied names and prices, a third without description, spread timestamps.
 */
export const INSERT_BATCH = `
  INSERT INTO items (name, description, price_cents, quantity, created_at, updated_at)
  SELECT 'item ' || g,
         CASE WHEN g % 3 = 0 THEN NULL ELSE 'generated item number ' || g || ' ' || md5(g::text) END,
         (g * 7919) % 1000000, g % 500,
         timestamptz '2025-01-01' + (g % 31536000) * interval '1 second', now()
  FROM generate_series($1::bigint, $2::bigint) AS g`;
