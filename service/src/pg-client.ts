import pg from 'pg';
import type { Options } from 'sequelize';

/**
 * A pg client that listens for 'error' from the moment it is made. Every client this project
 * makes is one: its own sessions (locks, backups, lock sampling) and, through SEQUELIZE_DIALECT,
 * Sequelize's.
 *
 * Why: pg emits 'error' when a session ends while no statement waits (a restart,
 * pg_terminate_backend, DROP DATABASE ... WITH (FORCE)), and Node ends the process on an 'error'
 * nobody listens to. A listener added after connect() is too late: the termination can arrive in
 * the same read as ReadyForQuery, before the code awaiting connect() runs (Sequelize adds its own
 * listener one microtask late). Listening from the start, the connection is merely dead: the next
 * statement fails as on any lost connection, and Sequelize's listener, once added, marks the
 * connection invalid as usual.
 */
export class ListeningClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/**
 * pg as Sequelize's dialectModule, for every Sequelize this project makes. Sequelize reads only
 * `Client` and `types` from it; `native` (a lazy getter) is not carried over, nor is `Pool` changed.
 */
const pgDialectModule: typeof pg = { ...pg, Client: ListeningClient };

/**
 * The server version every Sequelize of this project is told. Left unset, each new Sequelize opens
 * a connection outside its pool just to read the version, which `close()` does not wait for (a
 * drop or shutdown can end it while it starts) and which costs a session per instance: one per
 * migration run, for instance. Sequelize's postgres dialect only compares the value with 9.x
 * releases to turn features on, and every server this project supports (15 and newer) has them.
 * Sequelize 6 reads the option but its typings omit it: typed here, a misspelt key does not compile.
 */
const SERVER_VERSION: { readonly databaseVersion: string } = { databaseVersion: '15.0.0' };

/** The dialect part of every Sequelize's options: pg with listening clients, version known. */
export const SEQUELIZE_DIALECT: Options = { dialect: 'postgres', dialectModule: pgDialectModule, ...SERVER_VERSION };
