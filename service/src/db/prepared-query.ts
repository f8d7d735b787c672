import type { QueryResultRow } from 'pg';
import type { Sequelize } from 'sequelize';

/** A statement Postgres parses and plans once per connection, under its name. */
export interface NamedQuery {
  readonly name: string;
  readonly text: string;
}

/** Runs a named prepared statement on a connection of the Sequelize pool and returns its rows. */
export type PreparedQuery = <Row extends QueryResultRow>(query: NamedQuery, values: readonly unknown[]) => Promise<Row[]>;

interface PooledClient {
  query<Row extends QueryResultRow>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }>;
}

// The public surface of Sequelize's connection manager that its own query path uses.
interface ConnectionManager {
  getConnection(options: { type: string }): Promise<PooledClient>;
  releaseConnection(connection: PooledClient): void;
}

// Sequelize's query class for the dialect; only its error translation is used.
type DialectQuery = new (connection: unknown, sequelize: Sequelize, options: object) => { formatError(error: unknown): Error };

/**
 * Statements without Sequelize's per-call query building and instance machinery: same pool (so
 * pool size, acquire timeout and metrics stay one), but each statement is parsed and planned
 * once per connection by Postgres and its rows go to the client as they come.
 */
export function createPreparedQuery(sequelize: Sequelize): PreparedQuery {
  const manager = sequelize.connectionManager as unknown as ConnectionManager;
  // Sequelize's logging option is honoured (read per query, as Sequelize does), so turning SQL
  // logging on shows these statements too; off, as in production, it costs one property read.
  const { options } = sequelize as unknown as { options: { logging?: false | ((sql: string) => void) } };
  const { Query } = (sequelize as unknown as { dialect: { Query: DialectQuery } }).dialect;
  return async <Row extends QueryResultRow>(query: NamedQuery, values: readonly unknown[]) => {
    if (options.logging) options.logging(`Executing (prepared ${query.name}): ${query.text}; ${JSON.stringify(values)}`);
    const connection = await manager.getConnection({ type: 'SELECT' });
    try {
      const result = await connection.query<Row>({ name: query.name, text: query.text, values: [...values] });
      return result.rows;
    } catch (error) {
      // The same error classes Sequelize's query path throws (UniqueConstraintError for 23505,
      // ...), so the error middleware answers a prepared statement's failure as it would a model's.
      throw new Query(connection, sequelize, { logging: false }).formatError(error);
    } finally {
      manager.releaseConnection(connection);
    }
  };
}
