import { randomUUID } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import type { Logger } from '../logger';
import { PROBLEM_MEDIA_TYPE } from './problem.schemas';
import { declaresOversizedBody } from './body-limit';

export interface HttpServerOptions {
  readonly bodyLimitBytes: number;
  readonly logger: Logger;
}

// Node decides these before there is a request object; no request id came in, so one is made.
function problemText(status: number, detail: string): string {
  const requestId = randomUUID();
  const title = STATUS_CODES[status] ?? 'Bad Request';
  return JSON.stringify({ type: 'about:blank', title, status, detail, instance: `urn:uuid:${requestId}`, requestId });
}

const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'The request headers are larger than this server accepts.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'The request was not received in time.'],
};

function answerClientError(logger: Logger): (error: NodeJS.ErrnoException, socket: Duplex) => void {
  return (error, socket) => {
    // A response already on its way, or a socket the client closed, cannot take another one.
    if (error.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    const [status, detail] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'The request is not valid HTTP/1.1 (request line or headers).'];
    logger.warn({ code: error.code, status }, 'malformed request answered by the server');
    const body = problemText(status, detail);
    const head = `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_MEDIA_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
    socket.end(head + body);
  };
}

function answerProblem(res: ServerResponse, status: number, detail: string): void {
  const body = problemText(status, detail);
  res.writeHead(status, { 'Content-Type': PROBLEM_MEDIA_TYPE, 'Content-Length': Buffer.byteLength(body), Connection: 'close' });
  res.end(body);
}

/** The HTTP server around the app: the place for what Node answers before Express sees a request. */
export function createHttpServer(app: Express, options: HttpServerOptions): Server {
  const server = createServer(app);
  server.on('clientError', answerClientError(options.logger));
  server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) =>
    answerProblem(res, 417, 'The only Expect this server understands is 100-continue.'),
  );
  // A client that asks before sending a body too large to accept gets 413 from the app, no 100.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (!declaresOversizedBody(req, options.bodyLimitBytes)) res.writeContinue();
    server.emit('request', req, res);
  });
  return server;
}
