import pg from 'pg';
import { Sequelize } from 'sequelize';
import type { Config } from '../config';

/**
 * The one Sequelize instance of a process. It never syncs: the schema belongs to migrations.
 * A pool acquire timeout keeps a dead database from hanging requests for a minute.
 */
export function createSequelize(config: Pick<Config, 'databaseUrl' | 'dbPoolMax'>): Sequelize {
  return new Sequelize(config.databaseUrl, {
    dialect: 'postgres',
    dialectModule: pg,
    logging: false,
    pool: { max: config.dbPoolMax, min: 0, acquire: 10_000, idle: 10_000 },
    define: { underscored: true },
  });
}
