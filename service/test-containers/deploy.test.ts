import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isVerified, readManifest } from '../src/backup/manifest';
import { REPOSITORY_ROOT } from '../test/support/compiled';
import { startLocalRegistry, type LocalRegistry } from '../test/support/local-registry';
import { docker } from '../src/delivery/docker-cli';
import { listMigrationFiles } from '../src/migrator/files';
import {
  builtImages,
  FIRST_MIGRATION,
  STAGING_TABLE,
  createGitOpsRemote,
  createStagingDatabase,
  dropDatabase,
  imageWithExtraMigration,
  lastJson,
  loggedInDockerConfig,
  pushToRegistry,
  query,
  readJson,
  remoteHead,
  renderOverlay,
  tempDir,
} from './support/deploy-fixtures';
import { holdTableLock, startMake } from './support/live-make';
import { stagingServer } from './support/staging-server';
import { runMake, testImage } from './support/run-make';

// What a deploy applies to a staging database at the first migration: every later one the image
// ships (the template's expand/contract of items; in a fork, its own). The test's own migrations
// are named 2099... so they come after all of them.
const PENDING = listMigrationFiles()
  .map((file) => file.name)
  .filter((name) => name > FIRST_MIGRATION);
const CHECKOUT_OVERLAY = path.join(REPOSITORY_ROOT, 'deploy/overlays/staging/kustomization.yaml');

interface Deploy {
  readonly databaseUrl: string;
  readonly remote: string;
  readonly stateDir: string;
  readonly dir: string;
  env(extra?: Record<string, string>): Record<string, string>;
}

async function auditRows(url: string): Promise<{ name: string; backup_id: string | null }[]> {
  return query(url, "SELECT name, backup_id FROM migration_audit WHERE event = 'apply' ORDER BY id");
}

describe('make deploy: backup -> rehearse -> migrate (from the image) -> promote, on real parts', () => {
  let registry: LocalRegistry;
  let server: { url: string; stop: () => Promise<void> };
  let work: { dir: string; remove: () => Promise<void> };
  let image: string;
  let dockerConfig: string;
  let checkoutOverlay: string;
  const databases: string[] = [];

  beforeAll(async () => {
    checkoutOverlay = readFileSync(CHECKOUT_OVERLAY, 'utf8');
    [registry, server, work] = await Promise.all([startLocalRegistry(), stagingServer(), tempDir('deploy-e2e-')]);
    image = await pushToRegistry(registry, testImage(), `acme/deploy-e2e-${randomBytes(3).toString('hex')}`);
    dockerConfig = await loggedInDockerConfig(registry, work.dir);
  });

  afterAll(async () => {
    await Promise.all(databases.map((url) => dropDatabase(server.url, url)));
    // What the deploys pulled by digest from this run's registry, then the images built here.
    const pulled = await docker([
      'images',
      '--digests',
      '--format',
      '{{.Repository}}@{{.Digest}}',
      '--filter',
      `reference=${registry.host}/*/*`,
    ]);
    const references = pulled.stdout.split('\n').filter((line) => line.includes('@sha256:'));
    if (references.length > 0) await docker(['rmi', ...references]);
    if (builtImages.length > 0) await docker(['rmi', ...builtImages]);
    await Promise.all([registry?.stop(), server?.stop(), work?.remove()]);
  });

  afterEach(() => {
    // The deploy works on a clone of the GitOps remote; this checkout's overlay is never written.
    expect(readFileSync(CHECKOUT_OVERLAY, 'utf8')).toBe(checkoutOverlay);
  });

  async function newDeploy(rows = 2_000): Promise<Deploy> {
    const dir = path.join(work.dir, randomBytes(4).toString('hex'));
    const databaseUrl = await createStagingDatabase(server.url, rows);
    databases.push(databaseUrl);
    const remote = await createGitOpsRemote(dir);
    const stateDir = path.join(dir, 'state');
    const base = {
      DATABASE_URL: databaseUrl,
      GITOPS_REMOTE: remote,
      DEPLOY_STATE_DIR: stateDir,
      DOCKER_CONFIG: dockerConfig,
      DEPLOY_LOCK_WAIT_MS: '0',
    };
    return { databaseUrl, remote, stateDir, dir, env: (extra = {}) => ({ ...base, ...extra }) };
  }

  test('When make deploy runs, then the backup is verified, the rehearsal reported, the database migrated with the backup id, and the remote renders the digest', async () => {
    // Arrange
    const deploy = await newDeploy();
    const before = await remoteHead(deploy.remote);

    // Act
    const result = await runMake(['deploy', 'ENV=staging', `IMAGE=${image}`], deploy.env());

    // Assert
    expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({ code: 0, stderr: '' });
    const line = lastJson(result.stdout) as {
      backupId: string;
      backupFile: string;
      commit: string;
      applied: string[];
      lintPassed: boolean;
    };
    expect(line).toMatchObject({ stage: 'deploy', ok: true, environment: 'staging', image, lintPassed: true, applied: PENDING });
    const manifest = await readManifest(line.backupFile);
    expect(isVerified(manifest)).toBe(true);
    expect(manifest.tables).toMatchObject({ [`public.${STAGING_TABLE}`]: 2_000 });
    const report = await readJson<{ lintPassed: boolean; migrations: { name: string }[] }>(
      path.join(deploy.stateDir, 'rehearsal-report.json'),
    );
    expect(report.lintPassed).toBe(true);
    expect(report.migrations.map((m) => m.name)).toEqual(PENDING);
    expect(await auditRows(deploy.databaseUrl)).toEqual([
      { name: FIRST_MIGRATION, backup_id: null },
      ...PENDING.map((name) => ({ name, backup_id: line.backupId })),
    ]);
    const after = await remoteHead(deploy.remote);
    expect(after).toMatchObject({ sha: line.commit, count: before.count + 1 });
    expect(after.subject).toBe(`deploy(staging): ${image}`);
    const rendered = await renderOverlay(deploy.remote, deploy.dir, 'staging');
    expect(rendered).toContain(`image: ${image}`);
    expect(`${result.stdout}${result.stderr}`).not.toContain(registry.password);
  });

  test('When the backup cannot be proven by a restore, then nothing is migrated and nothing is committed', async () => {
    // Arrange: the restore for the proof goes to a role that may not create databases.
    const deploy = await newDeploy();
    const role = `deploy_noverify_${randomBytes(4).toString('hex')}`;
    await query(server.url, `CREATE ROLE ${role} LOGIN NOCREATEDB`);
    const before = await remoteHead(deploy.remote);
    const verifyUrl = new URL(server.url);
    verifyUrl.username = role;

    // Act
    const result = await runMake(['deploy', 'ENV=staging', `IMAGE=${image}`], deploy.env({ DEPLOY_VERIFY_URL: verifyUrl.toString() }));
    const migrateAfter = await runMake(['deploy-migrate', 'ENV=staging', `IMAGE=${image}`], deploy.env());

    // Assert
    await query(server.url, `DROP ROLE ${role}`);
    // make exits 2 whenever a recipe fails; the CLI's own exit code is in the closing JSON line.
    expect(result.code).not.toBe(0);
    expect(lastJson(result.stdout)).toMatchObject({ stage: 'deploy', ok: false, exitCode: 4 });
    expect(result.stderr).toMatch(/backup of staging failed: .*Nothing was migrated or promoted/);
    expect(existsSync(path.join(deploy.stateDir, 'backup.json'))).toBe(false);
    expect(lastJson(migrateAfter.stdout)).toMatchObject({ stage: 'migrate', ok: false, exitCode: 6 });
    expect(migrateAfter.stderr).toContain('backup.json is missing');
    expect((await auditRows(deploy.databaseUrl)).map((row) => row.name)).toEqual([FIRST_MIGRATION]);
    expect(await remoteHead(deploy.remote)).toEqual(before);
  });

  test('When lint finds an unaccepted finding, then the deploy stops before migrate and commits nothing', async () => {
    // Arrange
    const deploy = await newDeploy();
    const local = await imageWithExtraMigration(
      deploy.dir,
      '20991231000000-drop-deploy-rows-description',
      `ALTER TABLE ${STAGING_TABLE} DROP COLUMN description`,
    );
    const risky = await pushToRegistry(registry, local, `acme/deploy-e2e-lint-${randomBytes(3).toString('hex')}`);
    const before = await remoteHead(deploy.remote);

    // Act
    const result = await runMake(['deploy', 'ENV=staging', `IMAGE=${risky}`], deploy.env());

    // Assert
    expect(lastJson(result.stdout)).toMatchObject({ stage: 'deploy', ok: false, exitCode: 5 });
    expect(result.stderr).toContain('drop-column in 20991231000000-drop-deploy-rows-description.js');
    expect(await readJson(path.join(deploy.stateDir, 'rehearsal.json'))).toMatchObject({ lintPassed: false, applied: [] });
    expect((await auditRows(deploy.databaseUrl)).map((row) => row.name)).toEqual([FIRST_MIGRATION]);
    expect(
      await query(
        deploy.databaseUrl,
        `SELECT 1 FROM information_schema.columns WHERE table_name = '${STAGING_TABLE}' AND column_name = 'description'`,
      ),
    ).toHaveLength(1);
    expect(await remoteHead(deploy.remote)).toEqual(before);
  });

  test('When a migration fails on the real database, then promote refuses and the overlay and the remote stay untouched', async () => {
    // Arrange: it passes on the rehearsal copy; a row written after the backup makes it fail for real.
    const deploy = await newDeploy();
    const sql = `UPDATE ${STAGING_TABLE} SET quantity = quantity - 1 WHERE name LIKE 'deploy-poison-%'`;
    const local = await imageWithExtraMigration(deploy.dir, '20991231000000-take-one-from-poison', sql);
    const failing = await pushToRegistry(registry, local, `acme/deploy-e2e-fail-${randomBytes(3).toString('hex')}`);
    const stage = (name: string) => runMake([`deploy-${name}`, 'ENV=staging', `IMAGE=${failing}`], deploy.env());
    const before = await remoteHead(deploy.remote);
    expect((await stage('backup')).code).toBe(0);
    expect((await stage('rehearse')).code).toBe(0);
    await query(deploy.databaseUrl, `INSERT INTO ${STAGING_TABLE} (name, quantity) VALUES ('deploy-poison-1', 0)`);

    // Act
    const migrate = await stage('migrate');
    const promote = await stage('promote');

    // Assert
    expect(lastJson(migrate.stdout)).toMatchObject({ stage: 'migrate', ok: false, exitCode: 1 });
    expect(migrate.stderr).toMatch(/migration of staging failed: .*deploy_rows_quantity_non_negative/s);
    expect(existsSync(path.join(deploy.stateDir, 'migrate.json'))).toBe(false);
    expect(lastJson(promote.stdout)).toMatchObject({ stage: 'promote', ok: false, exitCode: 6 });
    expect(promote.stderr).toContain('migrate.json is missing');
    expect(await remoteHead(deploy.remote)).toEqual(before);
  });

  test('When two deploys of one environment start at once, then the second refuses or waits, and they never interleave', async () => {
    // Arrange: the first deploy holds the deploy lock and waits on a table lock the test holds, so it is surely running.
    const deploy = await newDeploy();
    const args = ['deploy', 'ENV=staging', `IMAGE=${image}`];
    const release = await holdTableLock(deploy.databaseUrl, STAGING_TABLE);
    const first = startMake(args, deploy.env());
    let refused: Awaited<ReturnType<typeof runMake>>;
    let queued: ReturnType<typeof startMake>;

    // Act
    try {
      await first.waitFor(/deploy lock of staging taken/);
      refused = await runMake(args, deploy.env({ DEPLOY_LOCK_WAIT_MS: '0' }));
      queued = startMake(args, deploy.env({ DEPLOY_LOCK_WAIT_MS: '600000' }));
      await queued.waitFor(/waiting for the deploy lock of staging/);
    } finally {
      await release();
    }
    const [firstDone, queuedDone] = await Promise.all([first.done, queued.done]);

    // Assert
    expect(lastJson(refused.stdout)).toMatchObject({ stage: 'deploy', ok: false, exitCode: 3 });
    expect(refused.stderr).toContain('another deploy to staging is running');
    expect(firstDone.code).toBe(0);
    expect(queuedDone.code).toBe(0);
    expect(await queued.waitFor(/deploy lock of staging taken/)).toBeGreaterThanOrEqual(await first.waitFor(/== promote done/));
    const firstLine = lastJson(firstDone.stdout);
    expect(firstLine).toMatchObject({ ok: true, applied: PENDING });
    expect(lastJson(queuedDone.stdout)).toMatchObject({ ok: true, applied: [], commit: null });
    const backupIds = (await auditRows(deploy.databaseUrl)).filter((row) => row.backup_id !== null).map((row) => row.backup_id);
    expect(backupIds).toEqual(PENDING.map(() => firstLine.backupId));
  });
});
