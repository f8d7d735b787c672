import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger';

/** A real pino logger whose JSON lines are kept in memory for assertions. */
export function captureLogs(): { logger: Logger; lines: () => Array<Record<string, unknown>>; text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ logLevel: 'info', logPretty: false }, sink);
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, text };
}
