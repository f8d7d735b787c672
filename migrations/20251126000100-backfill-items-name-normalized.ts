import { QueryTypes, type QueryInterface } from 'sequelize';

// Expand/contract, step 2 of 5: fill name_normalized for the rows that existed before step 1.
// Outside a transaction, in batches of ids, each UPDATE committing on its own: no transaction
// holds row locks on the whole table, and a failed run resumes where it stopped (rows already
// filled are skipped), so running it again is always safe.
export const useTransaction = false;

const BATCH = 5_000;

export async function up(queryInterface: QueryInterface): Promise<void> {
  const [range] = await queryInterface.sequelize.query<{ first: number | null; last: number | null }>(
    'SELECT min(id) AS first, max(id) AS last FROM items',
    { type: QueryTypes.SELECT },
  );
  if (!range || range.first === null || range.last === null) return;
  for (let from = Number(range.first); from <= Number(range.last); from += BATCH) {
    await queryInterface.sequelize.query(
      'UPDATE items SET name_normalized = lower(btrim(name)) WHERE id BETWEEN :from AND :to AND name_normalized IS NULL',
      { replacements: { from, to: from + BATCH - 1 } },
    );
  }
}

// Nothing to undo: the values go with the column when step 1 is reverted.
export async function down(): Promise<void> {}
