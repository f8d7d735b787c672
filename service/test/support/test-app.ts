import type { Express } from 'express';
import request from 'supertest';
import { buildApp } from '../../src/app';
import { listMigrationFiles } from '../../src/migrator/files';
import { createReadinessCheck } from '../../src/db/readiness';
import { createMetrics, poolStatsOf } from '../../src/http/metrics';
import { loadOpenApiDocument, type HttpMethod } from '../../src/http/openapi';
import { createLogger, type Logger } from '../../src/logger';
import { resourceRoutes } from '../../src/resources';
import { assertMatchesContract } from './contract';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestApp {
  readonly app: Express;
  readonly db: TestDatabase;
  /** supertest against the app; every response is checked against the OpenAPI document. */
  readonly api: Record<HttpMethod, (url: string) => request.Test>;
}

export const testConfig = { corsOrigins: ['https://allowed.example'], bodyLimitBytes: 16 * 1024 };

export function contractClient(app: Express): TestApp['api'] {
  const doc = loadOpenApiDocument();
  const client = request(app);
  const send = (method: HttpMethod) => (url: string) => client[method](url).expect((res) => assertMatchesContract(doc, method, url, res));
  return { get: send('get'), post: send('post'), put: send('put'), patch: send('patch'), delete: send('delete') };
}

/**
 * Registers beforeAll/afterAll that give the file its own migrated database and an app built
 * on it, the way server.ts builds it. Read the returned object's fields inside tests only.
 */
export function useTestApp(options: { logger?: Logger } = {}): TestApp {
  const context = {} as { app: Express; db: TestDatabase; api: TestApp['api'] };
  beforeAll(async () => {
    context.db = await createTestDatabase();
    const migrations = listMigrationFiles().map((file) => file.name);
    const checkReadiness = createReadinessCheck(context.db.sequelize, migrations);
    context.app = buildApp({
      config: testConfig,
      logger: options.logger ?? createLogger({ logLevel: 'silent', logPretty: false }),
      routes: resourceRoutes(context.db.sequelize),
      checkReadiness,
      metrics: createMetrics({ poolStats: poolStatsOf(context.db.sequelize), checkReadiness }),
    });
    context.api = contractClient(context.app);
  });
  afterAll(async () => {
    await context.db?.release();
  });
  return context;
}
