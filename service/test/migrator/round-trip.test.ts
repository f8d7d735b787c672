import { createEmptyDatabase } from '../support/test-database';
import { historyNames, testEnv } from './support/migrate-runs';
import { roundTrip } from './support/schema-snapshot';

describe('the reference migrations, up, down and up again', () => {
  let db: Awaited<ReturnType<typeof createEmptyDatabase>>;

  beforeAll(async () => {
    db = await createEmptyDatabase();
  });
  afterAll(() => db.release());

  test('When every migration is applied, all reverted and all applied again, then the schema is the same both times and empty in between', async () => {
    const { runs, upMs, empty, afterUp, afterDown, afterSecondUp } = await roundTrip(db.url, testEnv(db.url));
    const [firstUp, down] = runs;

    const applied = (firstUp.json?.applied ?? []) as unknown[];
    process.stdout.write(`\nApply all ${applied.length} reference migration(s) on an empty database: ${upMs} ms (in-process, from .ts)\n`);
    expect(runs.map((run) => run.code)).toEqual([0, 0, 0]);
    expect(applied.length).toBeGreaterThan(0);
    expect(down.json?.reverted).toHaveLength(applied.length);
    expect(afterDown).toEqual(empty);
    expect(afterSecondUp).toEqual(afterUp);
    expect(await historyNames(db.url)).toHaveLength(applied.length);
  });
});
