import { setTimeout as sleep } from 'node:timers/promises';
import { ListeningClient } from '../pg-client';

/** Postgres table lock modes, weakest first (the order of the conflict table in the docs). */
export const LOCK_MODES = [
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
] as const;

export interface RelationLock {
  readonly relation: string;
  /** The strongest mode seen on that relation. */
  readonly mode: string;
}

// Locks on relations, without the catalogs and the runner's own history tables, whose locks
// every migration takes the same way.
const relationLocksOf = (who: string) => `
  SELECT format('%I.%I', n.nspname, c.relname) AS relation, l.mode
    FROM pg_locks l
    JOIN pg_stat_activity a ON a.pid = l.pid
    JOIN pg_class c ON c.oid = l.relation
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE l.locktype = 'relation' AND l.granted AND ${who} AND a.datname = current_database()
     AND n.nspname NOT IN ('pg_catalog', 'pg_toast', 'information_schema')
     AND c.relname NOT IN ('SequelizeMeta', 'SequelizeMeta_pkey') AND c.relname NOT LIKE 'migration\\_audit%'`;

/** From another session: the runner's connection (application_name 'migrate'). */
const RUNNER_LOCKS_SQL = relationLocksOf("a.application_name = 'migrate' AND l.pid <> pg_backend_pid()");
/** From the runner's own session, inside a migration's transaction: every lock it still holds. */
export const OWN_LOCKS_SQL = relationLocksOf('l.pid = pg_backend_pid()');

function stronger(a: string | undefined, b: string): string {
  return a !== undefined && LOCK_MODES.indexOf(a as never) >= LOCK_MODES.indexOf(b as never) ? a : b;
}

export interface LockSampler {
  /** Attributes later samples to this migration (undefined between migrations). */
  track(migration: string | undefined): void;
  /** Adds locks read some other way (the runner's own view before commit). */
  add(migration: string, rows: readonly { relation: string; mode: string }[]): void;
  /** Stops sampling; per migration, the relations it locked with the strongest mode seen. */
  stop(): Promise<Map<string, RelationLock[]>>;
}

/**
 * Samples pg_locks on its own connection every `everyMs` while migrations run. Sampling can miss
 * a lock held for less than the interval (a statement outside a transaction releases its lock at
 * once), so the report also lists what kinds of statements ran.
 */
export async function startLockSampler(databaseUrl: string, everyMs = 50): Promise<LockSampler> {
  // A lost session ends sampling through the failed query below.
  const client = new ListeningClient({ connectionString: databaseUrl, application_name: 'migrate-rehearsal-locks' });
  await client.connect();
  const seen = new Map<string, Map<string, string>>();
  let current: string | undefined;
  let running = true;
  const add = (migration: string, rows: readonly { relation: string; mode: string }[]) => {
    const locks = seen.get(migration) ?? new Map<string, string>();
    for (const { relation, mode } of rows) locks.set(relation, stronger(locks.get(relation), mode));
    seen.set(migration, locks);
  };
  const sample = async () => {
    const migration = current;
    const { rows } = await client.query<{ relation: string; mode: string }>(RUNNER_LOCKS_SQL);
    if (migration !== undefined) add(migration, rows);
  };
  // A failed sample ends sampling (the report then shows statement kinds only); it never fails the run.
  const loop = (async () => {
    while (running) {
      await sample();
      await sleep(everyMs);
    }
  })().catch(() => undefined);
  return {
    track: (migration) => void (current = migration),
    add,
    stop: async () => {
      running = false;
      await loop.finally(() => client.end());
      return new Map([...seen].map(([name, locks]) => [name, [...locks].map(([relation, mode]) => ({ relation, mode }))]));
    },
  };
}
