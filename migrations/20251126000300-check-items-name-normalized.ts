import type { QueryInterface } from 'sequelize';

// Expand/contract, step 4 of 5: from now on every row must have name_normalized. NOT VALID
// makes adding the constraint instant: it checks new and updated rows, not the existing ones,
// so no lock waits for a scan of the table. Step 5 validates the existing rows.
export async function up(queryInterface: QueryInterface): Promise<void> {
  await queryInterface.sequelize.query(
    'ALTER TABLE items ADD CONSTRAINT items_name_normalized_present CHECK (name_normalized IS NOT NULL) NOT VALID',
  );
}

export async function down(queryInterface: QueryInterface): Promise<void> {
  await queryInterface.sequelize.query('ALTER TABLE items DROP CONSTRAINT items_name_normalized_present');
}
