import {
  ConnectionAcquireTimeoutError,
  ConnectionError,
  ForeignKeyConstraintError,
  UniqueConstraintError,
  ValidationError as SequelizeValidationError,
} from 'sequelize';
import { AppError, type FieldError } from './app-error';

function toCamelCase(column: string): string {
  return column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * Constraint violations are the client's problem (a duplicate, a missing reference), so they
 * map to 409/422 naming the field; any other database failure stays a 500.
 */
export function fromDatabaseError(error: unknown): AppError | undefined {
  if (error instanceof UniqueConstraintError) {
    const errors: FieldError[] = Object.keys(error.fields ?? {}).map((column) => ({
      in: 'body',
      field: toCamelCase(column),
      message: 'must be unique; another record already has this value',
    }));
    return AppError.conflict('A record with the same unique value already exists.', errors);
  }
  if (error instanceof ForeignKeyConstraintError) {
    const fields: string[] = Array.isArray(error.fields) ? (error.fields as string[]) : Object.keys(error.fields ?? {});
    // Postgres names the column only in the detail text: Key (item_id)=(9) is not present ...
    const fromDetail = /Key \(([^)]+)\)/.exec(String((error.parent as { detail?: string } | undefined)?.detail ?? ''))?.[1];
    if (fields.length === 0 && fromDetail) fields.push(...fromDetail.split(', '));
    const errors: FieldError[] = fields.map((column) => ({
      in: 'body',
      field: toCamelCase(column),
      message: 'refers to a record that does not exist or is still referenced',
    }));
    return AppError.unprocessable('The request refers to a record that does not exist, or removes one still in use.', errors);
  }
  if (error instanceof SequelizeValidationError) {
    const errors: FieldError[] = error.errors.map((item) => ({
      in: 'body',
      field: toCamelCase(String(item.path ?? 'body')),
      message: item.message,
    }));
    return AppError.unprocessable('The request breaks a rule of the data model.', errors);
  }
  return undefined;
}

// Postgres classes 08 (connection exception) and 57P (shutdown, crash, starting up), and
// 53300 (too many connections); socket errors and pg's words for a connection that died.
const UNAVAILABLE_CODES = /^(08...|57P0[1-3]|53300|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH)$/;
const UNAVAILABLE_MESSAGES = /Connection terminated|connection error and is not queryable|Client was closed/i;

function causes(error: unknown): Array<{ code?: unknown; message?: unknown }> {
  const chain: Array<{ code?: unknown; message?: unknown; parent?: unknown; original?: unknown }> = [];
  let current = error as (typeof chain)[number] | undefined;
  while (current && typeof current === 'object' && chain.length < 4) {
    chain.push(current);
    current = (current.parent ?? current.original) as (typeof chain)[number] | undefined;
  }
  return chain;
}

/**
 * A database that cannot answer now is not a bug of this service: 503 with Retry-After, so
 * clients and load balancers back off and retry, instead of a 500 that pages someone.
 */
export function fromDatabaseUnavailable(error: unknown): AppError | undefined {
  if (error instanceof ConnectionAcquireTimeoutError) {
    return AppError.serviceUnavailable('Every database connection is busy; try again shortly.', 1);
  }
  const unavailable =
    error instanceof ConnectionError ||
    causes(error).some((cause) => UNAVAILABLE_CODES.test(String(cause.code)) || UNAVAILABLE_MESSAGES.test(String(cause.message)));
  return unavailable ? AppError.serviceUnavailable('The database is unavailable; try again shortly.', 5) : undefined;
}
