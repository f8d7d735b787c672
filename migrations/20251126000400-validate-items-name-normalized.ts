import type { QueryInterface } from 'sequelize';

// Expand/contract, step 5 of 5: prove the existing rows (all filled by step 2) satisfy the check.
// VALIDATE CONSTRAINT scans the table under a SHARE UPDATE EXCLUSIVE lock, which lets reads and
// writes continue; in its own migration so that the lock step 4 took is long released.
export async function up(queryInterface: QueryInterface): Promise<void> {
  await queryInterface.sequelize.query('ALTER TABLE items VALIDATE CONSTRAINT items_name_normalized_present');
}

// Nothing to undo: a constraint cannot be marked not valid again, and step 4's down drops it.
export async function down(): Promise<void> {}
