import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger';

declare module 'express-serve-static-core' {
  interface Request {
    /** The caller's X-Request-Id when it looks like one, else a new UUID; echoed in the response. */
    id: string;
    /** The process logger; lines about a request name its id themselves. */
    log: Logger;
  }
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** What a log line says about a request: enough to trace it, no headers (they may carry credentials). */
export function describeRequest(req: { id: string; method: string; originalUrl: string }): Record<string, string> {
  return { id: req.id, method: req.method, url: req.originalUrl };
}

/**
 * Request id and logger for every request. Successful requests are logged at debug only, so
 * at the default level (info) a request costs no log line, no child logger and no listener;
 * failures are logged by the error middleware, which every 4xx and 5xx passes through.
 */
export function requestContext(logger: Logger): RequestHandler {
  const logEveryRequest = logger.isLevelEnabled('debug');
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    req.id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.log = logger;
    res.setHeader('X-Request-Id', req.id);
    if (logEveryRequest) {
      const started = performance.now();
      res.once('finish', () => {
        const responseTime = Math.round(performance.now() - started);
        logger.debug({ req: describeRequest(req), res: { statusCode: res.statusCode }, responseTime }, 'request completed');
      });
    }
    next();
  };
}
