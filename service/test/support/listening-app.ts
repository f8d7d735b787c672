import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createHttpServer } from '../../src/http/http-server';
import { createLogger } from '../../src/logger';
import { testConfig } from './test-app';

export interface ListeningApp {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The app behind the server `server.ts` uses, on a free port of 127.0.0.1: for what only a real
 * socket shows (Node's own protocol answers, a browser).
 */
export async function listenOnFreePort(app: Express): Promise<ListeningApp> {
  const server: Server = createHttpServer(app, {
    bodyLimitBytes: testConfig.bodyLimitBytes,
    logger: createLogger({ logLevel: 'silent', logPretty: false }),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
