import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { libpqEnv, urlFromArgument } from '../../src/backup/connection';
import {
  assertDockerAvailable,
  assertToolCanServe,
  buildToolCommand,
  dockerImage,
  parseToolVersion,
  readToolVersion,
  serverMajor,
} from '../../src/backup/pg-tools';

describe('pg client tools', () => {
  test('When pg_dump prints its version, then the major is read from distribution and beta builds alike', () => {
    expect(parseToolVersion('pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)\n').major).toBe(15);
    expect(parseToolVersion('pg_dump (PostgreSQL) 18beta1').major).toBe(18);
    expect(parseToolVersion('pg_restore (PostgreSQL) 9.6.24').major).toBe(9.6);
    expect(() => parseToolVersion('something else')).toThrow(/cannot read a PostgreSQL version/);
  });

  test('When the server reports server_version_num, then its major compares the way pg_dump compares it', () => {
    expect(serverMajor(150020)).toBe(15);
    expect(serverMajor(180001)).toBe(18);
    expect(serverMajor(90624)).toBe(9.6);
  });

  test('When pg_dump is older than the server, then the error names the version to install, PG_DUMP and --docker', () => {
    const tool = parseToolVersion('pg_dump (PostgreSQL) 15.20');

    const check = () => assertToolCanServe('pg_dump', tool, { version: '18.1', major: 18 });

    expect(check).toThrow(
      'pg_dump 15 is older than the server (PostgreSQL 18.1); pg_dump must be at least version 18. ' +
        'Install the PostgreSQL 18 client tools (e.g. apt-get install postgresql-client-18), set PG_DUMP to a version 18 binary, ' +
        'or add --docker to run it from the postgres:18 image.',
    );
    expect(() => assertToolCanServe('pg_dump', tool, { version: '15.1', major: 15 })).not.toThrow();
    expect(() => assertToolCanServe('pg_dump', tool, { version: '14.9', major: 14 })).not.toThrow();
  });

  test('When --docker is used, then the tool runs from the postgres image with libpq settings passed by name and files mounted', () => {
    const url = new URL('postgres://app@db.internal:6543/shop?sslmode=require');
    url.password = 'from-a-secret-store';
    const env = libpqEnv(url.toString(), {});

    const command = buildToolCommand('pg_restore', ['--list', '/backups/x.dump'], env, { docker: { image: 'postgres:17' } }, ['/backups']);

    expect(command.command).toBe('docker');
    expect(command.args.slice(0, 4)).toEqual(['run', '--rm', '--network', 'host']);
    expect(command.args.join(' ')).toContain('-e PGHOST -e PGPORT -e PGDATABASE -e PGUSER -e PGPASSWORD -e PGSSLMODE');
    expect(command.args.join(' ')).toContain('-v /backups:/backups postgres:17 pg_restore --list /backups/x.dump');
    expect(env).toMatchObject({ PGHOST: 'db.internal', PGPORT: '6543', PGDATABASE: 'shop', PGUSER: 'app', PGSSLMODE: 'require' });
    expect(command.args).not.toContain('from-a-secret-store');
  });

  test('When PG_TOOLS_IMAGE is set, then --docker runs the tools from that image instead of postgres:<major>', () => {
    const image = `mirror.example/postgres-${Date.now()}:15`;

    expect(dockerImage(15, { PG_TOOLS_IMAGE: image })).toBe(image);
    expect(dockerImage(15, {})).toBe('postgres:15');
  });

  test('When --docker is asked for and no Docker engine answers, then the error says so and what to do instead', async () => {
    const attempt = assertDockerAvailable({ ...process.env, DOCKER: '/nonexistent/docker' });

    await expect(attempt).rejects.toThrow(
      /--docker needs a running Docker engine, but `\/nonexistent\/docker version` failed: .*Start Docker, or drop --docker/,
    );
  });

  test('When a tool is asked its version again in one process, then it runs once; after a failure it is asked again', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pg-tool-version-'));
    try {
      const calls = path.join(dir, 'calls');
      const tool = path.join(dir, 'pg_dump');
      // Counts its runs; fails until the file "installed" exists, like a tool installed meanwhile.
      writeFileSync(tool, `#!/bin/sh\necho run >> '${calls}'\n[ -e '${dir}/installed' ] || exit 1\necho "pg_dump (PostgreSQL) 17.2"\n`, {
        mode: 0o755,
      });
      const env = { ...process.env, PG_DUMP: tool };
      const runs = () => readFileSync(calls, 'utf8').split('\n').filter(Boolean).length;

      await expect(readToolVersion('pg_dump', env)).rejects.toThrow(/--version failed/);
      writeFileSync(path.join(dir, 'installed'), '');
      const versions = await Promise.all([readToolVersion('pg_dump', env), readToolVersion('pg_dump', env)]);
      const later = await readToolVersion('pg_dump', env);

      expect([...versions, later].map((version) => version.major)).toEqual([17, 17, 17]);
      expect(runs()).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('When a target is given as an environment variable name, then the URL is read from it', () => {
    expect(urlFromArgument('RESTORE_URL', { RESTORE_URL: 'postgres://h/db' })).toEqual({ raw: 'postgres://h/db', setting: 'RESTORE_URL' });
    expect(urlFromArgument('postgres://h/db', {})).toEqual({ raw: 'postgres://h/db', setting: 'the URL given' });
  });
});
