import { stat } from 'node:fs/promises';

export type ProgressSink = (line: string) => void;

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/**
 * Reports the size of a growing file every few seconds. pg_dump --verbose says which table it
 * is on, but a single large table is silent for minutes; the byte counter shows it still moves.
 */
export function watchFileGrowth(file: string, sink: ProgressSink, everyMs = 2_000): () => void {
  let last = -1;
  const timer = setInterval(() => {
    stat(file)
      .then(({ size }) => {
        if (size !== last) sink(`${formatBytes(size)} written`);
        last = size;
      })
      .catch(() => undefined);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

// pg_dump / pg_restore --verbose print ~60 catalog lines per run; only per-table lines say how far along it is.
const WORTH_SHOWING = /contents of table|data for table|\b(error|warning)\b/i;

/** A sink that passes on the per-table and error lines of a verbose pg_dump or pg_restore. */
export function perTableLines(sink: ProgressSink | undefined): ProgressSink | undefined {
  return sink && ((line) => WORTH_SHOWING.test(line) && sink(line));
}
