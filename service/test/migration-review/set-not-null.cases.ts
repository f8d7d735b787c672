import { createEmptyDatabase } from '../support/test-database';
import { createFixtureDir, type FixtureDir } from '../migrator/support/migration-fixtures';
import { runCli, testEnv } from '../migrator/support/migrate-runs';
import type { EmptyDatabase } from './support/plan-fixtures';

const CREATE = {
  name: '20260101000000-create-orders',
  up: ['CREATE TABLE orders (id integer PRIMARY KEY, code varchar(20) NOT NULL, note text)'],
};
// What Sequelize's changeColumn(..., { allowNull: false }) sends: SET NOT NULL whatever the column already is.
const CHANGE_COLUMN = {
  name: '20260102000000-widen-orders-code',
  up: [
    `js:await queryInterface.changeColumn('orders', 'code', { type: Sequelize.STRING(40), allowNull: false })`,
    `js:await queryInterface.changeColumn('orders', 'note', { type: Sequelize.TEXT, allowNull: false })`,
  ],
};

describe('set-not-null knows which columns already are', () => {
  let db: EmptyDatabase;
  let fixtures: FixtureDir;

  beforeAll(async () => {
    db = await createEmptyDatabase();
    fixtures = createFixtureDir([CREATE, CHANGE_COLUMN]);
    await runCli(['up', '--to', CREATE.name, '--migrations-dir', fixtures.dir], testEnv(db.url));
  });
  afterAll(async () => {
    fixtures?.remove();
    await db?.release();
  });

  test('When changeColumn keeps a NOT NULL column NOT NULL, then set-not-null fires only for the column that was nullable', async () => {
    const run = await runCli(['lint', '--json', '--migrations-dir', fixtures.dir], testEnv(db.url));

    const findings = (run.json?.findings ?? []) as { ruleId: string; statement: string }[];
    const setNotNull = findings.filter((finding) => finding.ruleId === 'set-not-null');
    expect(setNotNull).toHaveLength(1);
    expect(setNotNull[0]?.statement).toMatch(/"note" SET NOT NULL/);
  });
});
