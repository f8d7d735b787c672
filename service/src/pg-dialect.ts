import pg from 'pg';

/**
 * A pg client that listens for 'error' from the moment it is made.
 *
 * Why: Sequelize attaches its 'error' listener to a new connection one microtask after pg's
 * connect() calls back. When Postgres ends a session just as it starts (a restart,
 * pg_terminate_backend, DROP DATABASE ... WITH (FORCE)), its termination can arrive in the same
 * read as ReadyForQuery; pg then emits 'error' before anyone listens, and Node ends the process
 * on an unhandled 'error'. Listening from the start, the connection is merely dead: the statement
 * waiting for it fails as on any lost connection, and Sequelize's own listener, once added, marks
 * the connection invalid as usual.
 */
class ClientListeningFromTheStart extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/**
 * pg as Sequelize's dialectModule, for every Sequelize this project makes. Sequelize reads only
 * `Client` and `types` from it; `native` (a lazy getter) is not carried over, nor is `Pool` changed.
 */
export const pgDialectModule: typeof pg = { ...pg, Client: ClientListeningFromTheStart };
