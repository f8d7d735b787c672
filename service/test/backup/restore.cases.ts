import { takeBackup } from '../../src/backup/take-backup';
import { restoreBackup } from '../../src/backup/restore';
import { verifyBackup } from '../../src/backup/verify';
import {
  assertBackupToolsServeTestServer,
  contentChecksums,
  copyBackup,
  editManifest,
  makeTempDir,
  seedSampleData,
  withClient,
} from '../support/backup-fixtures';
import { createEmptyDatabase, createTestDatabase } from '../support/test-database';
import { withDatabase } from '../../src/db/postgres-url';
import { testDatabaseName } from '../support/test-database-names';

describe('db restore', () => {
  let folder: ReturnType<typeof makeTempDir>;
  let verifiedDump: string;
  let sourceChecksums: Record<string, string>;
  const dropAfter: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    await assertBackupToolsServeTestServer();
    folder = makeTempDir('restore-test-');
    const source = await createTestDatabase();
    await seedSampleData(source.url, 500);
    sourceChecksums = await contentChecksums(source.url);
    verifiedDump = (await takeBackup({ databaseUrl: source.url, dir: folder.dir })).dumpPath;
    await verifyBackup({ dumpPath: verifiedDump, serverUrl: source.url });
    // The source is gone: from here on the backup is the only copy of its data.
    await source.release();
    await withClient(process.env.TEST_ADMIN_URL ?? '', (c) => c.query(`DROP DATABASE "${source.name}" WITH (FORCE)`));
  });

  afterAll(async () => {
    for (const drop of dropAfter) await drop();
    folder?.remove();
  });

  async function emptyDatabase(): Promise<{ url: string }> {
    const db = await createEmptyDatabase();
    dropAfter.push(() => db.release());
    return db;
  }

  test('When a backup of a dropped database is restored into a new one, then every table and sequence is identical', async () => {
    const target = await emptyDatabase();

    const result = await restoreBackup({ dumpPath: verifiedDump, targetUrl: target.url });

    expect(result).toMatchObject({ checked: true, replacedExisting: false });
    expect(await contentChecksums(target.url)).toEqual(sourceChecksums);
    expect(Object.keys(sourceChecksums)).toEqual(
      expect.arrayContaining(['public.backup_rows', 'public.extra_types', 'public.backup_rows_id_seq']),
    );
  });

  test('When the target database does not exist and --create is given, then it is created and restored', async () => {
    const name = testDatabaseName(process.env.TEST_RUN_ID ?? '');
    const targetUrl = withDatabase(process.env.TEST_ADMIN_URL ?? '', name);
    dropAfter.push(() =>
      withClient(process.env.TEST_ADMIN_URL ?? '', (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
    );

    await restoreBackup({ dumpPath: verifiedDump, targetUrl, create: true });

    expect(await contentChecksums(targetUrl)).toEqual(sourceChecksums);
  });

  test('When the target already has tables, then restore refuses and leaves them untouched', async () => {
    const target = await emptyDatabase();
    await withClient(target.url, (c) => c.query("CREATE TABLE precious (note text); INSERT INTO precious VALUES ('keep me')"));

    const attempt = restoreBackup({ dumpPath: verifiedDump, targetUrl: target.url });

    await expect(attempt).rejects.toThrow(/refusing to restore into .*: it is not empty \(1 tables, views or sequences\).*pass --force/);
    expect(await contentChecksums(target.url)).toEqual({ 'public.precious': expect.stringMatching(/^1:/) });
  });

  test('When --force is given over a database the backup came from, then its changed rows are put back', async () => {
    const target = await emptyDatabase();
    await restoreBackup({ dumpPath: verifiedDump, targetUrl: target.url });
    await withClient(target.url, (c) => c.query("DELETE FROM backup_rows WHERE id % 2 = 0; UPDATE backup_rows SET name = 'changed'"));

    const result = await restoreBackup({ dumpPath: verifiedDump, targetUrl: target.url, force: true });

    expect(result.replacedExisting).toBe(true);
    expect(await contentChecksums(target.url)).toEqual(sourceChecksums);
  });

  test('When --force restores over a database with a table the backup lacks, then the check names that table', async () => {
    const target = await emptyDatabase();
    await restoreBackup({ dumpPath: verifiedDump, targetUrl: target.url });
    await withClient(target.url, (c) => c.query('CREATE TABLE added_by_failed_migration (id int)'));

    const attempt = restoreBackup({ dumpPath: verifiedDump, targetUrl: target.url, force: true });

    await expect(attempt).rejects.toThrow(
      /restored into .*, but .*table public\.added_by_failed_migration is in the restored copy but not in the manifest.*drop the others by hand/,
    );
  });

  test('When the manifest records no passed verification, then restore refuses unless --skip-verify', async () => {
    const unproven = copyBackup(verifiedDump, folder.dir, 'unproven');
    editManifest(unproven, ({ verification: _dropped, ...manifest }) => manifest);
    const target = await emptyDatabase();

    const refused = restoreBackup({ dumpPath: unproven, targetUrl: target.url });
    await expect(refused).rejects.toThrow(/records no passed verification; run `npm run db -- verify FILE` first, or pass --skip-verify/);
    const result = await restoreBackup({ dumpPath: unproven, targetUrl: target.url, skipVerify: true });

    expect(result.checked).toBe(true);
    expect(await contentChecksums(target.url)).toEqual(sourceChecksums);
  });
});
