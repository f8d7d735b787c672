import type { QueryInterface } from 'sequelize';
import type * as SequelizeStatic from 'sequelize';

// sequelize-cli signature: (queryInterface, Sequelize). Columns are snake_case.
export async function up(queryInterface: QueryInterface, Sequelize: typeof SequelizeStatic): Promise<void> {
  await queryInterface.createTable('items', {
    id: { type: Sequelize.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false },
    name: { type: Sequelize.STRING(200), allowNull: false },
    description: { type: Sequelize.STRING(2000), allowNull: true },
    price_cents: { type: Sequelize.INTEGER, allowNull: false },
    quantity: { type: Sequelize.INTEGER, allowNull: false, defaultValue: 0 },
    created_at: { type: Sequelize.DATE, allowNull: false },
    updated_at: { type: Sequelize.DATE, allowNull: false },
  });
  await queryInterface.sequelize.query(
    'ALTER TABLE items ADD CONSTRAINT items_price_cents_non_negative CHECK (price_cents >= 0), ' +
      'ADD CONSTRAINT items_quantity_non_negative CHECK (quantity >= 0)',
  );
}

export async function down(queryInterface: QueryInterface): Promise<void> {
  await queryInterface.dropTable('items');
}
