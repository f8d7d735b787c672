import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { manifestPathFor, writeManifest, type Manifest } from '../../src/backup/manifest';
import { listBackups, pruneBackups } from '../../src/backup/retention';
import { makeTempDir } from '../support/backup-fixtures';

// Retention only reads manifests and deletes files, so these backups are files with manifests, written fast.
async function writeBackup(dir: string, day: number, verified: boolean): Promise<string> {
  const id = `app-202611${String(day).padStart(2, '0')}T030000Z-local`;
  const dumpPath = path.join(dir, `${id}.dump`);
  writeFileSync(dumpPath, `dump of day ${day}`);
  const manifest = {
    format: 1,
    id,
    createdAt: `2026-11-${String(day).padStart(2, '0')}T03:00:00.000Z`,
    sha256: `sha-${day}`,
    sizeBytes: 14,
    tables: {},
    migrations: [],
    ...(verified ? { verification: { verifiedAt: '', sha256: `sha-${day}`, durationMs: 1, pgRestoreVersion: '' } } : {}),
  } as unknown as Manifest;
  await writeManifest(manifestPathFor(dumpPath), manifest);
  return id;
}

describe('db prune (retention)', () => {
  let folder: ReturnType<typeof makeTempDir>;

  beforeEach(() => {
    folder = makeTempDir('retention-test-');
  });

  afterEach(() => folder.remove());

  test('When more backups exist than --keep, then the oldest go with their manifests', async () => {
    const ids = [];
    for (const day of [1, 2, 3, 4, 5]) ids.push(await writeBackup(folder.dir, day, true));

    const removed = await pruneBackups(folder.dir, 2);

    expect(removed.map((entry) => entry.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect((await listBackups(folder.dir)).map((entry) => entry.id)).toEqual([ids[4], ids[3]]);
    expect(readdirSync(folder.dir).sort()).toEqual([
      `${ids[3]}.dump`,
      `${ids[3]}.manifest.json`,
      `${ids[4]}.dump`,
      `${ids[4]}.manifest.json`,
    ]);
  });

  test('When the newer backups are all unverified, then the newest verified one is kept beyond the quota', async () => {
    const oldestVerified = await writeBackup(folder.dir, 1, true);
    const newestVerified = await writeBackup(folder.dir, 2, true);
    const unverified = [await writeBackup(folder.dir, 3, false), await writeBackup(folder.dir, 4, false)];

    await pruneBackups(folder.dir, 1);

    const left = (await listBackups(folder.dir)).map((entry) => entry.id);
    expect(left).toEqual([unverified[1], newestVerified]);
    expect(existsSync(path.join(folder.dir, `${oldestVerified}.dump`))).toBe(false);
  });

  test('When a verification was recorded for other bytes than the manifest names, then the backup counts as unverified', async () => {
    const id = await writeBackup(folder.dir, 1, true);
    const file = manifestPathFor(path.join(folder.dir, `${id}.dump`));
    writeFileSync(file, readFileSync(file, 'utf8').replace('"sha256": "sha-1",', '"sha256": "sha-other",'));

    const [entry] = await listBackups(folder.dir);

    expect(entry).toMatchObject({ id, verified: false });
  });

  test('When a backup is still being written, then its .partial file is neither listed nor pruned', async () => {
    await writeBackup(folder.dir, 1, true);
    writeFileSync(path.join(folder.dir, 'app-20261102T030000Z-local.dump.partial'), 'in progress');

    await pruneBackups(folder.dir, 1);

    expect((await listBackups(folder.dir)).length).toBe(1);
    expect(existsSync(path.join(folder.dir, 'app-20261102T030000Z-local.dump.partial'))).toBe(true);
  });

  test('When --keep is below 1, then pruning refuses instead of deleting every backup', async () => {
    await writeBackup(folder.dir, 1, true);

    await expect(pruneBackups(folder.dir, 0)).rejects.toThrow(/--keep must be a whole number of at least 1/);
    expect((await listBackups(folder.dir)).length).toBe(1);
  });
});
