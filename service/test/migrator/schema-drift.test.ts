import { DataTypes, type Model, type ModelStatic } from 'sequelize';
import { RESOURCES } from '../../src/resources';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { compareModelsWithSchema } from './support/model-drift';
import { query } from './support/migrate-runs';
import { readColumns } from './support/schema-snapshot';

/** Every model of every resource resources.ts registers (make resource adds a new one there). */
function initServiceModels(db: TestDatabase): ModelStatic<Model>[] {
  return RESOURCES.flatMap((resource) => resource.initModels(db.sequelize));
}

describe('the Sequelize models against the migrated schema', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.release());

  test('When every migration is applied, then each model matches its table: columns, types, nullability and defaults', async () => {
    const differences = compareModelsWithSchema(initServiceModels(db), await readColumns(db.url));

    expect(differences).toEqual([]);
  });

  test('When a model changes without a migration, then the comparison names every difference', async () => {
    // A table of the test's own, so the check of the comparison holds whatever resources a fork keeps.
    await query(
      db.url,
      `CREATE TABLE drift_subjects (id serial PRIMARY KEY, description varchar(2000), quantity integer NOT NULL DEFAULT 0,
                                    created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)`,
    );
    const changed = db.sequelize.define(
      'DriftSubject',
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        description: { type: DataTypes.STRING(2000), allowNull: false },
        quantity: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 1 },
        driftProbe: { type: DataTypes.STRING(64), allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { tableName: 'drift_subjects', underscored: true },
    );

    const differences = compareModelsWithSchema([changed], await readColumns(db.url));

    expect(differences).toEqual([
      'drift_subjects.description (DriftSubject.description): model forbids NULL, schema allows it',
      'drift_subjects.quantity (DriftSubject.quantity): model type bigint, schema type integer',
      'drift_subjects.quantity (DriftSubject.quantity): model default 1, schema default 0',
      'drift_subjects.drift_probe (DriftSubject.driftProbe): declared by the model, missing in the schema',
    ]);
  });
});
