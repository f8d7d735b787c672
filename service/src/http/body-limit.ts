import type { IncomingMessage } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { AppError } from './app-error';
import { errorHandler } from './error-handler';

export function declaresOversizedBody(req: IncomingMessage, limitBytes: number): boolean {
  return Number(req.headers['content-length'] ?? 0) > limitBytes;
}

// Connection: close, so the unread rest of the upload is never waited for.
function answerTooLarge(req: Request, res: Response, limitBytes: number): void {
  res.locals.answeredTooLarge = true;
  res.setHeader('Connection', 'close');
  errorHandler(AppError.payloadTooLarge(limitBytes), req, res, () => undefined);
}

// A chunked body declares no length: count it as it arrives, beside the JSON parser, which on its
// own would still refuse it but only after the client finished (or gave up) sending.
function watchUndeclaredBody(req: Request, res: Response, limitBytes: number): void {
  let received = 0;
  const count = (chunk: Buffer) => {
    received += chunk.length;
    if (received <= limitBytes) return;
    req.off('data', count);
    if (!res.headersSent) answerTooLarge(req, res, limitBytes);
  };
  req.on('data', count);
}

/**
 * Answers an oversized body with 413 before reading it (declared Content-Length) or as soon as it
 * passes the limit (chunked). The JSON parser would refuse both, but only after draining the whole
 * upload: a 10 GiB header or an endless chunked stream would hold the client that long.
 */
export function rejectOversizedBody(limitBytes: number): RequestHandler {
  return (req, res, next) => {
    if (declaresOversizedBody(req, limitBytes)) return answerTooLarge(req, res, limitBytes);
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] !== undefined) {
      watchUndeclaredBody(req, res, limitBytes);
    }
    next();
  };
}

/** After an early 413 the JSON parser still fails (aborted or too large); that answer is already given. */
export const ignoreErrorsAfterEarlyAnswer: ErrorRequestHandler = (error, _req, res, next) => {
  if (res.locals.answeredTooLarge !== true) next(error);
};
