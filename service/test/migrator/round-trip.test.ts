import { createEmptyDatabase } from '../support/test-database';
import { historyNames, runCli, testEnv } from './support/migrate-runs';
import { snapshotSchema } from './support/schema-snapshot';

describe('the reference migrations, up, down and up again', () => {
  let db: Awaited<ReturnType<typeof createEmptyDatabase>>;

  beforeAll(async () => {
    db = await createEmptyDatabase();
  });
  afterAll(() => db.drop());

  test('When every migration is applied, all reverted and all applied again, then the schema is the same both times and empty in between', async () => {
    const env = testEnv(db.url);
    const empty = await snapshotSchema(db.url);

    const started = performance.now();
    const firstUp = await runCli(['up', '--json'], env);
    const applyAllMs = Math.round(performance.now() - started);
    const afterUp = await snapshotSchema(db.url);
    const down = await runCli(['down', '--to', '0', '--json'], env);
    const afterDown = await snapshotSchema(db.url);
    const secondUp = await runCli(['up', '--json'], env);

    const applied = (firstUp.json?.applied ?? []) as unknown[];
    process.stdout.write(
      `\nApply all ${applied.length} reference migration(s) on an empty database: ${applyAllMs} ms (in-process, from .ts)\n`,
    );
    expect([firstUp.code, down.code, secondUp.code]).toEqual([0, 0, 0]);
    expect(applied.length).toBeGreaterThan(0);
    expect(down.json?.reverted).toHaveLength(applied.length);
    expect(afterDown).toEqual(empty);
    expect(await snapshotSchema(db.url)).toEqual(afterUp);
    expect(await historyNames(db.url)).toHaveLength(applied.length);
  });
});
