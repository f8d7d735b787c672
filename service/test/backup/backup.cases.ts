import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { listMigrationFiles } from '../../src/migrator/files';
import { takeBackup } from '../../src/backup/take-backup';
import { readManifest, sha256File } from '../../src/backup/manifest';
import { verifyBackup } from '../../src/backup/verify';
import { assertBackupToolsServeTestServer, makeTempDir, seedSampleData, withClient } from '../support/backup-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

function countSampleRows(url: string): Promise<number> {
  return withClient(url, async (client) => Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM backup_rows')).rows[0]?.n));
}

describe('db backup', () => {
  let db: TestDatabase;
  let folder: ReturnType<typeof makeTempDir>;

  beforeAll(async () => {
    await assertBackupToolsServeTestServer();
    db = await createTestDatabase();
    await seedSampleData(db.url, 42);
    folder = makeTempDir('backup-test-');
  });

  afterAll(async () => {
    folder?.remove();
    await db?.release();
  });

  test('When a database is backed up, then the dump and a manifest with checksum, versions, row counts and migrations are written', async () => {
    const result = await takeBackup({ databaseUrl: db.url, dir: folder.dir, env: { ...process.env, GIT_SHA: 'abc1234' } });

    const manifest = await readManifest(result.dumpPath);
    expect(path.basename(result.dumpPath)).toMatch(new RegExp(`^${db.name}-\\d{8}T\\d{6}Z-abc1234\\.dump$`));
    expect(manifest.id).toBe(path.basename(result.dumpPath, '.dump'));
    expect(manifest.sha256).toBe(await sha256File(result.dumpPath));
    expect(manifest.sizeBytes).toBe(statSync(result.dumpPath).size);
    const migrations = listMigrationFiles().map((file) => file.name);
    // Every table of the database, each with its rows: the seeded ones, and none in the tables of
    // the resources the migrations created (whichever a fork has).
    const tables = await withClient(
      db.url,
      async (client) =>
        (
          await client.query<{ name: string }>(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
          )
        ).rows,
    );
    expect(manifest.tables).toEqual({
      ...Object.fromEntries(tables.map((table) => [`public.${table.name}`, 0])),
      'public.SequelizeMeta': migrations.length,
      'public.migration_audit': migrations.length,
      'public.backup_rows': 42,
      'public.extra_types': 2,
    });
    expect(manifest.migrations).toEqual(migrations);
    expect(manifest.serverVersionNum).toBeGreaterThan(0);
    expect(manifest.pgDumpVersion).toMatch(/^pg_dump \(PostgreSQL\) \d+/);
    expect(manifest.verification).toBeUndefined();
    expect(readdirSync(folder.dir).filter((file) => file.endsWith('.partial'))).toEqual([]);
  });

  test('When rows are committed after the snapshot is taken, then neither the dump nor the row counts contain them', async () => {
    const dir = path.join(folder.dir, 'concurrent');
    const writerThenDump = path.join(folder.dir, 'pg_dump_after_a_write.sh');
    // Runs between the snapshot export and pg_dump's start: a committed insert the backup must not see.
    writeFileSync(
      writerThenDump,
      '#!/bin/sh\n[ "$1" = --version ] && exec pg_dump --version\n' +
        'psql -qAtc "INSERT INTO backup_rows (name, price_cents, created_at, updated_at) VALUES (\'late\', 1, now(), now())" >/dev/null || exit 9\n' +
        'exec pg_dump "$@"\n',
      { mode: 0o755 },
    );
    const before = await countSampleRows(db.url);

    const result = await takeBackup({ databaseUrl: db.url, dir, env: { ...process.env, PG_DUMP: writerThenDump } });
    const verified = await verifyBackup({ dumpPath: result.dumpPath, serverUrl: db.url });

    expect(await countSampleRows(db.url)).toBe(before + 1);
    expect(result.manifest.tables['public.backup_rows']).toBe(before);
    expect(verified.manifest.verification).toBeDefined();
  });

  test('When the backup folder does not exist, then it is created', async () => {
    const dir = path.join(folder.dir, 'nested', 'backups');

    const result = await takeBackup({ databaseUrl: db.url, dir });

    expect(existsSync(result.dumpPath)).toBe(true);
    expect(existsSync(result.manifestPath)).toBe(true);
  });

  test('When pg_dump fails halfway, then nothing that looks like a whole backup is left behind', async () => {
    const dir = path.join(folder.dir, 'failing');
    const fakeDump = path.join(folder.dir, 'pg_dump_that_dies.sh');
    // Reports a version new enough, writes part of a file, then fails like a dump cut off by a lost connection.
    writeFileSync(
      fakeDump,
      '#!/bin/sh\n[ "$1" = --version ] && { echo "pg_dump (PostgreSQL) 99.0"; exit 0; }\n' +
        'for a; do case $a in --file=*) echo partial > "${a#--file=}";; esac; done\necho "pg_dump: error: connection lost" >&2; exit 1\n',
      { mode: 0o755 },
    );

    const attempt = takeBackup({ databaseUrl: db.url, dir, env: { ...process.env, PG_DUMP: fakeDump } });

    await expect(attempt).rejects.toThrow(/pg_dump_that_dies\.sh exited with code 1: pg_dump: error: connection lost/);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('When pg_dump is older than the server, then the backup stops before dumping and names the fix', async () => {
    const dir = path.join(folder.dir, 'old-client');
    const oldDump = path.join(folder.dir, 'pg_dump_9_6.sh');
    writeFileSync(oldDump, '#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n', { mode: 0o755 });

    const attempt = takeBackup({ databaseUrl: db.url, dir, env: { ...process.env, PG_DUMP: oldDump } });

    await expect(attempt).rejects.toThrow(
      /pg_dump 9\.6 is older than the server .*Install the PostgreSQL \d+ client tools.*set PG_DUMP.*--docker/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
