// What server.ts loads once the configuration is known to be good; see the comment where it does.
export { buildApp } from './app';
export { createReadinessCheck } from './db/readiness';
export { createSequelize } from './db/sequelize';
export { createHttpServer } from './http/http-server';
export { createMetrics, poolStatsOf } from './http/metrics';
export { createLogger } from './logger';
export { listMigrationFiles } from './migrator/files';
export { resourceRoutes } from './resources';
