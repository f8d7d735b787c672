import { createServer } from 'node:net';
import { ConfigError, loadConfig } from '../src/config';

/** A problem `make dev` found before starting anything: printed as is, then exit with `exitCode`. */
export class DevError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'DevError';
  }
}

/** The settings the server will read, checked now, so a typo fails before a database starts. */
export function assertConfigValid(env: NodeJS.ProcessEnv): void {
  try {
    // DATABASE_URL is checked when given; the embedded one is made below.
    loadConfig({ ...env, DATABASE_URL: env.DATABASE_URL || 'postgres://127.0.0.1/placeholder' });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new DevError(`${error.message}\nFix them in the shell or in .env (.env.example lists every setting and its default).`, 2);
  }
}

/** Binds and releases host:port, so a busy port is reported before anything is started. */
export function assertPortFree(port: number, host: string, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'is in use by another process' : `cannot be used (${error.code ?? error.message})`;
      reject(
        new DevError(
          `port ${port} on ${host} (${variable}) ${why}. Stop what uses it, or pick another port: ${variable}=${port + 1} make dev (or set ${variable} in .env).`,
        ),
      );
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** Adds the fix to Postgres's reason when it is the port: the one setting a newcomer can change. */
export function embeddedFailure(error: Error, port: number, dataDir: string): DevError {
  const hint = /already in use|could not bind|could not create (any TCP|listen socket)|another postmaster .* on port/i.test(error.message)
    ? `\nPort ${port} (DEV_DB_PORT) is taken: stop what uses it, or run DEV_DB_PORT=${port + 1} make dev.`
    : /Postgres \(pid \d+\)/.test(error.message) // a server of the data folder, named with what to do
      ? ''
      : `\nIf ${dataDir} is damaged and holds nothing you need, delete it to start afresh.`;
  return new DevError(`${error.message}${hint}`);
}
