import type { Server } from 'node:http';
import type { Sequelize } from 'sequelize';
import { ConfigError, loadConfig, type Config } from './config';
import { loadEnvFile } from './env-file';
import type { Logger } from './logger';
import { describeDatabase, redactConnectionString } from './redact';
import type * as ServerModules from './server-modules';

function listen(server: Server, config: Config): Promise<Server> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') return reject(error);
      reject(new Error(`port ${config.port} on ${config.host} is in use by another process; stop it, or set PORT to a free port.`));
    };
    server.once('error', failed);
    server.listen(config.port, config.host, () => {
      server.off('error', failed);
      resolve(server);
    });
  });
}

/**
 * Stops accepting connections, lets in-flight requests finish within the configured time,
 * then closes the pool. Exit 0 when everything finished, 1 when requests had to be cut.
 */
function shutDownOnSignals(server: Server, sequelize: Sequelize, logger: Logger, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, timeoutMs }, 'shutting down: no new connections, finishing in-flight requests');
    // Keep-alive sockets become idle as their last response ends; close them as they do.
    const idleSweeper = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => {
      // The pool cannot close while a query still runs; exiting ends those sessions and
      // Postgres rolls their transactions back.
      logger.error({ timeoutMs }, 'shutdown timed out; cutting the remaining requests');
      server.closeAllConnections();
      process.exit(1);
    }, timeoutMs);
    server.close(() => {
      clearInterval(idleSweeper);
      void sequelize.close().then(
        () => {
          clearTimeout(deadline);
          logger.info('shutdown complete');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'closing the database pool failed');
          process.exit(1);
        },
      );
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Connects, checks migrations, listens and takes over the signals; exits 1 when the database does not answer. */
async function start(config: Config, modules: typeof ServerModules): Promise<void> {
  const logger = modules.createLogger(config);
  const sequelize = modules.createSequelize(config);
  try {
    await sequelize.authenticate();
  } catch (error) {
    logger.fatal(
      { err: error, database: describeDatabase(config.databaseUrl) },
      'cannot reach the database; check DATABASE_URL and that the server is up',
    );
    process.stderr.write(`Server failed to start: cannot reach the database ${describeDatabase(config.databaseUrl)}.\n`);
    process.exit(1);
  }
  const migrations = modules.listMigrationFiles().map((file) => file.name);
  const checkReadiness = modules.createReadinessCheck(sequelize, migrations);
  const readiness = await checkReadiness();
  if (!readiness.ready) logger.warn({ pendingMigrations: readiness.pendingMigrations }, `not ready: ${readiness.reason}`);

  const metrics = modules.createMetrics({ poolStats: modules.poolStatsOf(sequelize), checkReadiness });
  const app = modules.buildApp({ config, logger, routes: modules.resourceRoutes(sequelize), checkReadiness, metrics });
  const server = await listen(modules.createHttpServer(app, { bodyLimitBytes: config.bodyLimitBytes, logger }), config);
  // Before the line that says it listens: a SIGINT or SIGTERM sent as soon as that line is read
  // (a test, an orchestrator) would otherwise find no handler and end the process without a
  // graceful shutdown.
  shutDownOnSignals(server, sequelize, logger, config.shutdownTimeoutMs);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // From the process's start (performance's time origin), module loading included.
  const startupMs = Math.round(performance.now());
  logger.info({ port, database: describeDatabase(config.databaseUrl), startupMs }, `listening on port ${port}`);
}

async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfig();
  // Only now, with the configuration known to be good, the modules that are most of a start's CPU
  // (Express, Sequelize, Ajv, pino): a bad setting fails at once, so a pod in a crash loop costs a
  // tenth of the CPU it would (0.1 CPU-s a start instead of 0.8). Never import them statically
  // here: a startup case checks that a bad setting loads none of them.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the config check, on purpose
  await start(config, require('./server-modules') as typeof ServerModules);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nSee .env.example for every setting and its default.\n`);
  } else {
    // A reason we worded ourselves needs no stack; anything else keeps it for the bug report.
    const known = error instanceof Error && /^port \d+ on /.test(error.message);
    const text = error instanceof Error ? (known ? error.message : (error.stack ?? error.message)) : String(error);
    process.stderr.write(`Server failed to start: ${redactConnectionString(text)}\n`);
  }
  process.exit(1);
});
