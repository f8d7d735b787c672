import type { RunningServer } from './bench-servers';

async function body(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.text();
}

/**
 * Both servers must serve the same bytes, or the comparison measures different work. Paths
 * may be given as functions of a server (a cursor is taken from that server's own first page).
 */
export async function assertSameJson(
  servers: RunningServer[],
  paths: string[],
  cursorPath: (baseUrl: string) => Promise<string>,
  log: (line: string) => void,
): Promise<void> {
  const [a, b] = servers;
  if (!a || !b) return;
  const pairs: Array<[string, string]> = paths.map((p) => [p, p]);
  try {
    pairs.push([await cursorPath(a.url), await cursorPath(b.url)]);
  } catch (error) {
    log(`no cursor page to compare: ${(error as Error).message}`);
  }
  for (const [pathA, pathB] of pairs) {
    const [left, right] = await Promise.all([body(`${a.url}${pathA}`), body(`${b.url}${pathB}`)]);
    if (left !== right)
      throw new Error(`${a.name} and ${b.name} differ on ${pathA}:\n${a.name}: ${left.slice(0, 400)}\n${b.name}: ${right.slice(0, 400)}`);
  }
  log(`both servers serve identical JSON on ${pairs.map(([p]) => p).join(', ')}`);
}

/** Runs work while a scraper reads /metrics every 100 ms (far more often than Prometheus would). */
export async function withMetricsScraping<T>(baseUrl: string, work: () => Promise<T>): Promise<T> {
  let scrapes = 0;
  const timer = setInterval(() => {
    void fetch(`${baseUrl}/metrics`).then(
      (res) => res.text().then(() => (scrapes += 1)),
      () => undefined,
    );
  }, 100);
  const result = await work().finally(() => clearInterval(timer));
  if (scrapes === 0) throw new Error(`${baseUrl}/metrics never answered while scraping`);
  return result;
}
