import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { AppError } from './app-error';

export function declaresOversizedBody(req: IncomingMessage, limitBytes: number): boolean {
  return Number(req.headers['content-length'] ?? 0) > limitBytes;
}

export function payloadTooLarge(limitBytes: number): AppError {
  return new AppError(413, 'Payload Too Large', `The request body is larger than this API accepts: at most ${limitBytes} bytes.`, [
    { in: 'body', field: 'body', message: `must be at most ${limitBytes} bytes` },
  ]);
}

/**
 * Answers a declared oversized body before reading it. The JSON parser would refuse it too, but
 * only after draining the whole upload (a 10 GiB header would hold the client that long). The
 * connection is closed after the answer, so the unread rest is never waited for.
 */
export function rejectDeclaredOversizedBody(limitBytes: number): RequestHandler {
  return (req, res, next) => {
    if (!declaresOversizedBody(req, limitBytes)) return next();
    res.setHeader('Connection', 'close');
    throw payloadTooLarge(limitBytes);
  };
}
