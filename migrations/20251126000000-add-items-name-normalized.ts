import type { QueryInterface } from 'sequelize';
import type * as SequelizeStatic from 'sequelize';

// Expand/contract, step 1 of 5 (docs/migrations.md, "Expand and contract"): a case-insensitive
// name for lookups, added without locking out traffic. Nullable and without default, so adding it
// is a catalog change only; rows that exist get their value from the batched backfill (step 2).
// The trigger fills it on every write from now on, whoever writes: instances of the previous
// release still running during the deploy do not know the column.
export async function up(queryInterface: QueryInterface, Sequelize: typeof SequelizeStatic): Promise<void> {
  await queryInterface.addColumn('items', 'name_normalized', { type: Sequelize.STRING(200), allowNull: true });
  await queryInterface.sequelize.query(`
    CREATE FUNCTION items_fill_name_normalized() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.name_normalized := lower(btrim(NEW.name));
      RETURN NEW;
    END
    $$`);
  await queryInterface.sequelize.query(
    'CREATE TRIGGER items_fill_name_normalized BEFORE INSERT OR UPDATE OF name ON items ' +
      'FOR EACH ROW EXECUTE FUNCTION items_fill_name_normalized()',
  );
}

export async function down(queryInterface: QueryInterface): Promise<void> {
  await queryInterface.sequelize.query('DROP TRIGGER items_fill_name_normalized ON items');
  await queryInterface.sequelize.query('DROP FUNCTION items_fill_name_normalized()');
  await queryInterface.removeColumn('items', 'name_normalized');
}
