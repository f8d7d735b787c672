import type { ErrorRequestHandler, RequestHandler } from 'express';
import { STATUS_CODES } from 'node:http';
import { AppError, type FieldError } from './app-error';
import { fromDatabaseError } from './database-errors';
import { PROBLEM_MEDIA_TYPE } from './problem.schemas';

interface HttpLikeError {
  limit?: number;
  status?: number;
  statusCode?: number;
  expose?: boolean;
  type?: string;
  message?: string;
}

// body-parser and friends raise errors that carry a 4xx status and a message meant for clients.
function fromHttpError(error: HttpLikeError): AppError | undefined {
  const status = error.status ?? error.statusCode;
  if (!status || status < 400 || status >= 500 || error.expose === false) return undefined;
  if (error.type === 'entity.too.large' && error.limit !== undefined) return AppError.payloadTooLarge(error.limit);
  if (error.type === 'entity.parse.failed') {
    return AppError.badRequest('The request body is not valid JSON.', [{ in: 'body', field: 'body', message: 'is not valid JSON' }]);
  }
  // The router could not percent-decode a path segment into UTF-8; it does not say which parameter.
  if (error.message?.startsWith('Failed to decode param')) {
    return AppError.badRequest('The path is not valid percent-encoded UTF-8.', [
      { in: 'path', field: 'path', message: 'is not valid percent-encoded UTF-8' },
    ]);
  }
  const header = error.type === 'encoding.unsupported' ? 'content-encoding' : 'content-type';
  const errors: FieldError[] =
    status === 415
      ? [{ in: 'header', field: header, message: error.message ?? 'is not supported' }]
      : error.type?.startsWith('entity.')
        ? [{ in: 'body', field: 'body', message: 'could not be read' }]
        : [];
  return new AppError(status, STATUS_CODES[status] ?? 'Bad Request', error.message ?? 'The request could not be read.', errors);
}

export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  return fromDatabaseError(error) ?? fromHttpError(error ?? {});
}

/** Writes every failure as application/problem+json; 5xx bodies never carry internals. */
export const errorHandler: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  const known = toAppError(error);
  const problem = known ?? new AppError(500, 'Internal Server Error', 'An unexpected error occurred. It has been logged.');
  if (!known) req.log.error({ err: error }, 'unhandled error');
  res
    .status(problem.status)
    .type(PROBLEM_MEDIA_TYPE)
    .json({
      type: 'about:blank',
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      instance: req.originalUrl,
      requestId: typeof req.id === 'object' ? JSON.stringify(req.id) : String(req.id),
      ...(problem.errors.length > 0 ? { errors: problem.errors } : {}),
    });
};

export const notFoundHandler: RequestHandler = (req) => {
  throw AppError.notFound(`No route for ${req.method} ${req.path}.`);
};
