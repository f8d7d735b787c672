import { createHash } from 'node:crypto';
import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { takeBackup } from '../../src/backup/take-backup';
import { readManifest } from '../../src/backup/manifest';
import { VerificationError } from '../../src/backup/errors';
import { verifyBackup } from '../../src/backup/verify';
import {
  assertBackupToolsServeTestServer,
  copyBackup,
  editManifest,
  makeTempDir,
  seedSampleData,
  withClient,
} from '../support/backup-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('db verify', () => {
  let db: TestDatabase;
  let folder: ReturnType<typeof makeTempDir>;
  let original: string;
  const verify = (dumpPath: string) => verifyBackup({ dumpPath, serverUrl: db.url });

  beforeAll(async () => {
    await assertBackupToolsServeTestServer();
    db = await createTestDatabase();
    await seedSampleData(db.url, 300);
    folder = makeTempDir('verify-test-');
    original = (await takeBackup({ databaseUrl: db.url, dir: folder.dir })).dumpPath;
  });

  afterAll(async () => {
    folder?.remove();
    await db?.release();
  });

  test('When a whole backup is verified, then it passes, the pass is recorded and the throwaway database is gone', async () => {
    const dumpPath = copyBackup(original, folder.dir, 'good');

    const result = await verify(dumpPath);

    expect(result.archiveEntries).toBeGreaterThan(0);
    const manifest = await readManifest(dumpPath);
    expect(manifest.verification).toMatchObject({ sha256: manifest.sha256 });
    const left = await withClient(db.url, (client) =>
      client.query('SELECT 1 FROM pg_database WHERE datname = $1', [result.throwawayDatabase]),
    );
    expect(left.rowCount).toBe(0);
  });

  test('When the dump is truncated, then verification fails and says it is truncated', async () => {
    const dumpPath = copyBackup(original, folder.dir, 'truncated');
    truncateSync(dumpPath, Math.floor((await readManifest(dumpPath)).sizeBytes / 2));

    const attempt = verify(dumpPath);

    await expect(attempt).rejects.toThrow(VerificationError);
    await expect(attempt).rejects.toThrow(/truncated\.dump is truncated: \d+ bytes, the manifest says \d+/);
    expect((await readManifest(dumpPath)).verification).toBeUndefined();
  });

  test('When one bit of the dump is flipped, then verification fails on the checksum', async () => {
    const dumpPath = copyBackup(original, folder.dir, 'bitflip');
    const bytes = readFileSync(dumpPath);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(dumpPath, bytes);

    const attempt = verify(dumpPath);

    await expect(attempt).rejects.toThrow(
      /bitflip\.dump is corrupted or not the dump of manifest .*: sha256 [0-9a-f]{64}, the manifest says [0-9a-f]{64}/,
    );
  });

  test('When a truncated dump comes with a manifest rewritten to match it, then the restore step still fails it', async () => {
    const dumpPath = copyBackup(original, folder.dir, 'truncated-forged');
    truncateSync(dumpPath, Math.floor((await readManifest(dumpPath)).sizeBytes * 0.8));
    const bytes = readFileSync(dumpPath);
    editManifest(dumpPath, (m) => ({ ...m, sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }));

    const attempt = verify(dumpPath);

    await expect(attempt).rejects.toThrow(/(pg_restore cannot read|restoring truncated-forged\.dump into a throwaway database failed)/);
  });

  test('When the manifest promises other row counts than the dump holds, then verification names the table', async () => {
    const dumpPath = copyBackup(original, folder.dir, 'miscounted');
    editManifest(dumpPath, (m) => ({ ...m, tables: { ...m.tables, 'public.backup_rows': 301 } }));

    const attempt = verify(dumpPath);

    await expect(attempt).rejects.toThrow(/table public\.backup_rows has 300 rows in the restored copy, the manifest says 301/);
  });

  test('When the manifest lists a migration the dump does not have, then verification fails on the migrations', async () => {
    const dumpPath = copyBackup(original, folder.dir, 'migrations');
    editManifest(dumpPath, (m) => ({ ...m, migrations: [...m.migrations, '20990101000000-not-applied.js'] }));

    const attempt = verify(dumpPath);

    await expect(attempt).rejects.toThrow(/applied migrations differ \(missing: 20990101000000-not-applied\.js; unexpected: none\)/);
  });

  test('When the dump has no manifest, then verification fails saying nothing proves it whole', async () => {
    const dumpPath = copyBackup(original, folder.dir, 'orphan');
    rmSync(dumpPath.replace(/\.dump$/, '.manifest.json'));

    const attempt = verify(dumpPath);

    await expect(attempt).rejects.toThrow(/orphan\.manifest\.json is missing: this dump has no manifest/);
  });
});
