import type { QueryInterface } from 'sequelize';

// Expand/contract, step 3 of 5: the index for lookups by normalized name. CONCURRENTLY lets
// inserts and updates continue during the build; Postgres refuses it inside a transaction.
export const useTransaction = false;

export async function up(queryInterface: QueryInterface): Promise<void> {
  await queryInterface.addIndex('items', ['name_normalized'], { name: 'items_name_normalized_idx', concurrently: true });
}

export async function down(queryInterface: QueryInterface): Promise<void> {
  await queryInterface.sequelize.query('DROP INDEX CONCURRENTLY IF EXISTS items_name_normalized_idx');
}
