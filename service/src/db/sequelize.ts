import { Sequelize } from 'sequelize';
import { SEQUELIZE_DIALECT } from '../pg-client';

/** The part of the configuration (config.ts) the pool needs; db/ stays below config. */
export interface PoolSettings {
  readonly databaseUrl: string;
  readonly dbPoolMax: number;
  readonly dbPoolAcquireTimeoutMs?: number;
}

/**
 * The one Sequelize instance of a process. It never syncs: the schema belongs to migrations.
 * A request waits at most the acquire timeout for a connection (busy pool, or a database that
 * does not answer a connect), then gets 503 with Retry-After instead of hanging.
 */
export function createSequelize(config: PoolSettings): Sequelize {
  const acquire = config.dbPoolAcquireTimeoutMs ?? 5_000;
  return new Sequelize(config.databaseUrl, {
    ...SEQUELIZE_DIALECT,
    logging: false,
    dialectOptions: { connectionTimeoutMillis: acquire },
    pool: { max: config.dbPoolMax, min: 0, acquire, idle: 10_000 },
    define: { underscored: true },
  });
}
