import { DataTypes, type Model, type ModelStatic } from 'sequelize';
import { initItemModel } from '../../src/items/item.model';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { compareModelsWithSchema } from './support/model-drift';
import { readColumns } from './support/schema-snapshot';

/** Every model of the service; a new model is added here (or to the service's initModels once it has one). */
function initServiceModels(db: TestDatabase): ModelStatic<Model>[] {
  initItemModel(db.sequelize);
  return Object.values(db.sequelize.models);
}

describe('the Sequelize models against the migrated schema', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  test('When every migration is applied, then each model matches its table: columns, types, nullability and defaults', async () => {
    const differences = compareModelsWithSchema(initServiceModels(db), await readColumns(db.url));

    expect(differences).toEqual([]);
  });

  test('When a model changes without a migration, then the comparison names every difference', async () => {
    // driftProbe: a column no migration adds, so the test holds whatever columns a fork adds (sku, ...).
    const attributes = { ...initItemModel(db.sequelize).getAttributes() };
    const changed = db.sequelize.define(
      'ChangedItem',
      {
        ...attributes,
        description: { ...attributes.description, allowNull: false },
        quantity: { ...attributes.quantity, type: DataTypes.BIGINT, defaultValue: 1 },
        driftProbe: { type: DataTypes.STRING(64), allowNull: true },
      } as never,
      { tableName: 'items', underscored: true },
    );

    const differences = compareModelsWithSchema([changed], await readColumns(db.url));

    expect(differences).toEqual([
      'items.description (ChangedItem.description): model forbids NULL, schema allows it',
      'items.quantity (ChangedItem.quantity): model type bigint, schema type integer',
      'items.quantity (ChangedItem.quantity): model default 1, schema default 0',
      'items.drift_probe (ChangedItem.driftProbe): declared by the model, missing in the schema',
    ]);
  });
});
