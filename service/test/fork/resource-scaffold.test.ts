import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runResourceCli } from '../../dev/resource-cli';
import { checkResourceName, resourceNames, singularOf } from '../../dev/resource/names';
import { migrationsOf } from '../../dev/resource/scaffold';
import { RESOURCES } from '../../src/resources';
import { copyCheckout, type CheckoutCopy } from '../support/checkout-copy';
import { REPOSITORY_ROOT } from '../support/compiled';
import { createEmptyDatabase } from '../support/test-database';
import { runCli, testEnv } from '../migrator/support/migrate-runs';
import { compareModelsWithSchema } from '../migrator/support/model-drift';
import { readColumns, roundTrip } from '../migrator/support/schema-snapshot';
import { createSequelize } from '../../src/db/sequelize';
import { captureCli, type CliRun } from '../support/cli-run';

function resource(root: string, args: string[]): CliRun {
  return captureCli((io) => runResourceCli([...args, '--root', root], io));
}

/** A tool of this checkout run in the copy, as a fork would run it there. */
function spawnIn(dir: string, tool: string, args: string[]): Promise<CliRun> {
  return nodeIn(dir, [path.join(REPOSITORY_ROOT, 'node_modules', tool), ...args]);
}

/** node in the copy with these arguments. */
function nodeIn(dir: string, args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const env = {
      ...process.env,
      TEST_DATABASE_URL: process.env.TEST_ADMIN_URL,
      TEST_DB_PROVIDER: undefined,
      REDOCLY_TELEMETRY: 'off',
      REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
    };
    execFile(process.execPath, args, { cwd: dir, env, timeout: 240_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** jest in the copy on some of its files; the counts come from its JSON report. */
async function jestIn(dir: string, files: string[]): Promise<{ code: number; passed: number; failed: number; output: string }> {
  mkdirSync(path.join(dir, '.reports'), { recursive: true });
  const report = path.join(dir, '.reports', 'scaffold-jest.json');
  const run = await spawnIn(dir, 'jest/bin/jest.js', ['--runInBand', '--json', `--outputFile=${report}`, ...files]);
  const counts = existsSync(report)
    ? (JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number })
    : undefined;
  return { code: run.code, passed: counts?.numPassedTests ?? 0, failed: counts?.numFailedTests ?? -1, output: run.stderr.slice(-4000) };
}

/** The entries of RESOURCES in the copy's resources.ts, in order. */
function registered(dir: string): string[] {
  const text = readFileSync(path.join(dir, 'service/src/resources.ts'), 'utf8');
  return (/RESOURCES: readonly Resource\[\] = \[([^\]]*)\]/.exec(text)?.[1] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function snapshot(dir: string): string[] {
  const walk = (folder: string): string[] =>
    readdirSync(path.join(dir, folder), { withFileTypes: true })
      .filter((entry) => !['node_modules', 'dist', '.git', '.reports'].includes(entry.name))
      .flatMap((entry) => (entry.isDirectory() ? walk(path.join(folder, entry.name)) : [path.join(folder, entry.name)]));
  return walk('.').sort();
}

describe('resource names', () => {
  test.each([
    ['orders', 'order'],
    ['order-lines', 'order-line'],
    ['categories', 'category'],
    ['boxes', 'box'],
    ['addresses', 'address'],
    ['promises', 'promise'],
    ['keys', 'key'],
  ])('When the plural is %s, then the singular is %s', (plural, singular) => {
    expect(singularOf(plural)).toBe(singular);
  });

  test('When the name has several words, then each spelling is the one its place wants', () => {
    expect(resourceNames('order-lines')).toEqual({
      plural: 'order-lines',
      singular: 'order-line',
      table: 'order_lines',
      pluralCamel: 'orderLines',
      singularPascal: 'OrderLine',
      pluralPascal: 'OrderLines',
      singularWords: 'order line',
    });
  });

  test.each(['Orders', 'order', 'order_lines', '-orders', '1orders', 'os', 'resources'])('When NAME is %s, then it is refused', (name) => {
    expect(checkResourceName(name)).toBeDefined();
  });

  test.each(['arguments', 'models', 'dates', 'ops', 'promises'])(
    'When NAME is %s, whose spellings the generated code cannot use, then it is refused',
    (name) => {
      expect(checkResourceName(name)).toMatch(/reserved word|already uses/);
    },
  );

  test('When --singular names a type the generated code uses, then it is refused; another singular is accepted', () => {
    expect(checkResourceName('people', 'model')).toMatch(/already uses/);
    expect(checkResourceName('people', 'person')).toBeUndefined();
  });
});

describe('which migrations belong to a resource', () => {
  let root: string;

  function fakeCheckout(resources: string[], migrations: string[]): void {
    root = mkdtempSync(path.join(tmpdir(), 'resource-owner-'));
    mkdirSync(path.join(root, 'migrations'));
    for (const file of migrations) writeFileSync(path.join(root, 'migrations', file), '');
    for (const name of resources) {
      mkdirSync(path.join(root, 'service/src', name), { recursive: true });
      writeFileSync(path.join(root, 'service/src', name, `${name}.resource.ts`), '');
    }
  }
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('When a longer resource contains the name (line-items, items), then its migrations are its own', () => {
    fakeCheckout(
      ['items', 'line-items'],
      ['20250101000000-create-items.ts', '20250102000000-create-line-items.ts', '20250103000000-index-items-name.ts'],
    );

    expect(migrationsOf(root, resourceNames('items'))).toEqual({
      own: ['20250101000000-create-items.ts', '20250103000000-index-items-name.ts'],
      ambiguous: [],
    });
    expect(migrationsOf(root, resourceNames('line-items')).own).toEqual(['20250102000000-create-line-items.ts']);
  });

  test('When a migration names two resources, then it is ambiguous for both', () => {
    fakeCheckout(['items', 'orders'], ['20250101000000-create-items.ts', '20250102000000-backfill-orders-from-items.ts']);

    expect(migrationsOf(root, resourceNames('items')).ambiguous).toEqual(['20250102000000-backfill-orders-from-items.ts']);
  });

  function withRegistry(resources: string[]): void {
    const imports = resources.map((name) => `import { ${name}Resource } from './${name}/${name}.resource';`);
    const list = `export const RESOURCES: readonly Resource[] = [${resources.map((name) => `${name}Resource`).join(', ')}];`;
    writeFileSync(path.join(root, 'service/src/resources.ts'), [...imports, list, ''].join('\n'));
  }

  test('When the only registered resource would be removed, then it exits 2 saying to add one first, and deletes nothing', () => {
    fakeCheckout(['widgets'], ['20250101000000-create-widgets.ts']);
    withRegistry(['widgets']);

    const run = resource(root, ['remove', 'widgets']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('widgets is the only resource');
    expect(run.stderr).toContain('make resource NAME=<plural>');
    expect(existsSync(path.join(root, 'service/src/widgets/widgets.resource.ts'))).toBe(true);
  });

  test('When items is removed, then the benchmark, load run and seed that measure it go', () => {
    fakeCheckout(['items', 'widgets'], ['20250101000000-create-items.ts']);
    withRegistry(['items', 'widgets']);
    for (const file of ['service/bench/bench.ts', 'service/dev/seed-items.ts', 'service/dev/seed-items.sql.ts']) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), '');
    }
    const scripts = { test: 'jest', bench: 'tsx service/bench/bench.ts', load: 'tsx service/bench/load.ts', 'seed:items': 'tsx x' };
    writeFileSync(path.join(root, 'package.json'), `${JSON.stringify({ name: 'fork', scripts }, null, 2)}\n`);

    const run = resource(root, ['remove', 'items', '--json']);

    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { changes: Array<{ file: string; action: string }> }).changes).toEqual(
      expect.arrayContaining([
        { file: 'service/src/items', action: 'deleted' },
        { file: 'service/bench', action: 'deleted' },
        { file: 'service/dev/seed-items.ts', action: 'deleted' },
        { file: 'service/dev/seed-items.sql.ts', action: 'deleted' },
      ]),
    );
    for (const gone of ['service/src/items', 'service/bench', 'service/dev/seed-items.ts'])
      expect(existsSync(path.join(root, gone))).toBe(false);
    // Their npm scripts stay: docs name them, and the docs check wants every named command to exist.
    expect(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))).toEqual({ name: 'fork', scripts });
  });

  test('When the resource was dropped and added again, then only the migrations after its drop are its own', () => {
    fakeCheckout(['widgets'], ['20250101000000-create-widgets.ts', '20250102000000-drop-widgets.ts', '20250103000000-create-widgets.ts']);

    expect(migrationsOf(root, resourceNames('widgets')).own).toEqual(['20250103000000-create-widgets.ts']);
    rmSync(path.join(root, 'migrations', '20250103000000-create-widgets.ts'));
    expect(migrationsOf(root, resourceNames('widgets')).own).toEqual([]);
  });
});

describe('make resource on a copy of the checkout', () => {
  let copy: CheckoutCopy;
  // The resources the checkout registers before the test adds one (a fork has its own).
  let registeredBefore: string[] = [];

  beforeAll(() => {
    copy = copyCheckout();
  });
  afterAll(() => copy.remove());

  test('When --dry-run is given, then it lists what it would write and writes nothing', () => {
    const before = snapshot(copy.dir);

    const run = resource(copy.dir, ['add', 'widgets', '--dry-run']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('would change 10 paths');
    expect(snapshot(copy.dir)).toEqual(before);
  });

  test('When a resource is added, then its component, migration, test and registry entry exist and the output names them', () => {
    registeredBefore = registered(copy.dir);

    const run = resource(copy.dir, ['add', 'widgets']);

    expect(run).toMatchObject({ code: 0, stderr: '' });
    const created = ['widget.model.ts', 'widgets.repository.ts', 'widgets.schemas.ts', 'widgets-read.routes.ts', 'widgets-write.routes.ts'];
    for (const file of created) expect(run.stdout).toContain(`service/src/widgets/${file}`);
    expect(readdirSync(path.join(copy.dir, 'service/src/widgets')).sort()).toEqual(
      [...created, 'widgets.errors.ts', 'widgets.resource.ts'].sort(),
    );
    expect(readdirSync(path.join(copy.dir, 'migrations')).filter((f) => f.endsWith('-create-widgets.ts'))).toHaveLength(1);
    expect(existsSync(path.join(copy.dir, 'service/test/widgets/widgets.test.ts'))).toBe(true);
    expect(registered(copy.dir)).toEqual([...registeredBefore, 'widgetsResource']);
    expect(readFileSync(path.join(copy.dir, 'service/src/widgets/widgets-read.routes.ts'), 'utf8')).toContain('@openapi');
  });

  test('When the same name is added again, or an existing one, then it exits 2 and changes nothing', () => {
    const before = snapshot(copy.dir);

    const again = resource(copy.dir, ['add', 'widgets']);
    const existing = resource(copy.dir, ['add', RESOURCES[0]?.name ?? 'items']);

    expect([again.code, existing.code]).toEqual([2, 2]);
    expect(again.stderr).toContain('service/src/widgets already exists');
    expect(snapshot(copy.dir)).toEqual(before);
  });

  // tsc and jest in the copy: a minute or more on two busy cores.
  test('When the copy with the new resource is type-checked, its tests run with the drift check and the round trip, and its document is linted, then all pass', async () => {
    // The new files and what they import (resources.ts reaches every resource), not the whole tree.
    const migration = readdirSync(path.join(copy.dir, 'migrations')).find((f) => f.endsWith('-create-widgets.ts')) ?? 'missing';
    const files = ['service/src/resources.ts', 'service/test/widgets/widgets.test.ts', `migrations/${migration}`];
    const config = { extends: './tsconfig.json', compilerOptions: { noEmit: true, skipLibCheck: true }, include: [], files };
    writeFileSync(path.join(copy.dir, 'tsconfig.scaffold.json'), JSON.stringify(config));
    const types = await spawnIn(copy.dir, 'typescript/bin/tsc', ['-p', 'tsconfig.scaffold.json']);
    expect(types.stdout + types.stderr).toBe('');

    const tests = await jestIn(copy.dir, [
      'service/test/widgets',
      'service/test/migrator/schema-drift',
      'service/test/migrator/round-trip',
    ]);

    expect({ code: tests.code, failed: tests.failed }).toEqual({ code: 0, failed: 0 });
    expect(tests.passed).toBeGreaterThanOrEqual(8);
    // make lint's OpenAPI checks, on the document with the new resource in it.
    const doc = path.join(copy.dir, '.reports', 'openapi.json');
    expect((await nodeIn(copy.dir, ['--import', 'tsx', 'service/dev/write-openapi.ts', '--out', doc])).code).toBe(0);
    expect(readFileSync(doc, 'utf8')).toContain('/api/v1/widgets/{id}');
    const spectral = await spawnIn(copy.dir, '@stoplight/spectral-cli/dist/index.js', ['lint', '--fail-severity=warn', doc]);
    expect({ code: spectral.code, output: spectral.code === 0 ? '' : spectral.stdout }).toEqual({ code: 0, output: '' });
    const redocly = await spawnIn(copy.dir, '@redocly/cli/bin/cli.js', ['lint', '--format=stylish', doc]);
    expect({ code: redocly.code, output: redocly.code === 0 ? '' : redocly.stdout + redocly.stderr }).toEqual({ code: 0, output: '' });
  }, 240_000);

  test('When the resource is removed, then its folders and entry go, a drop migration lint accepts is added, and the round trip and the drift check still pass', async () => {
    const run = resource(copy.dir, ['remove', 'widgets']);

    expect(run.code).toBe(0);
    expect(existsSync(path.join(copy.dir, 'service/src/widgets'))).toBe(false);
    expect(existsSync(path.join(copy.dir, 'service/test/widgets'))).toBe(false);
    expect(registered(copy.dir)).toEqual(registeredBefore);
    const drops = readdirSync(path.join(copy.dir, 'migrations')).filter((f) => f.endsWith('-drop-widgets.ts'));
    expect(drops).toHaveLength(1);

    // What the copy's round-trip and schema-drift tests check, in this process (a jest of its own
    // in the copy costs seconds of CPU): the copy registers this checkout's resources again, so
    // this checkout's models are the copy's, and only its migrations differ.
    const db = await createEmptyDatabase();
    const sequelize = createSequelize({ databaseUrl: db.url, dbPoolMax: 1 });
    try {
      const env = testEnv(db.url, { MIGRATIONS_DIR: path.join(copy.dir, 'migrations') });
      const lint = await runCli(['lint', '--json'], env);
      expect(lint.json).toMatchObject({ ok: true });
      const { runs, empty, afterUp, afterDown, afterSecondUp } = await roundTrip(db.url, env);

      expect(runs.map((step) => step.code)).toEqual([0, 0, 0]);
      expect(afterDown).toEqual(empty);
      expect(afterSecondUp).toEqual(afterUp);
      expect(afterUp.columns.filter((column) => column.table === 'widgets')).toEqual([]);
      const models = RESOURCES.flatMap((registeredResource) => registeredResource.initModels(sequelize));
      expect(compareModelsWithSchema(models, await readColumns(db.url))).toEqual([]);
    } finally {
      await sequelize.close();
      await db.release();
    }
  });

  test('When there is no such resource to remove, then it exits 2 and says so', () => {
    const run = resource(copy.dir, ['remove', 'gadgets']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('there is no resource named gadgets');
  });

  test('When NAME is a folder that is not a resource (service/test/workflows), then remove exits 2 and deletes nothing', () => {
    const before = snapshot(copy.dir);

    const run = resource(copy.dir, ['remove', 'workflows']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('there is no resource named workflows');
    expect(snapshot(copy.dir)).toEqual(before);
  });
});
