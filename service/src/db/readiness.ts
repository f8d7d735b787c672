import type { Sequelize } from 'sequelize';
import { readAppliedMigrations } from '../migrator/history';

export interface Readiness {
  readonly ready: boolean;
  readonly reason?: string;
  readonly pendingMigrations?: readonly string[];
}

export type ReadinessCheck = () => Promise<Readiness>;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Ready means the database answers and every migration this build ships is applied. The
 * server never migrates by itself: it reports pending migrations until the migrate step runs.
 */
export function createReadinessCheck(sequelize: Sequelize, expectedMigrations: readonly string[], timeoutMs = 2_000): ReadinessCheck {
  return async () => {
    let applied: Set<string>;
    try {
      applied = await withTimeout(readAppliedMigrations(sequelize), timeoutMs);
    } catch (error) {
      return { ready: false, reason: `database unreachable: ${(error as Error).message}` };
    }
    const pending = expectedMigrations.filter((name) => !applied.has(name));
    if (pending.length > 0) {
      return { ready: false, reason: `${pending.length} migration(s) pending; run the migrate step`, pendingMigrations: pending };
    }
    return { ready: true };
  };
}
