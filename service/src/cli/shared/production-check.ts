import { networkInterfaces } from 'node:os';
import { CliError, EXIT_CODES } from '../../exit-codes';
import { databaseName } from '../../db/postgres-url';
import { describeDatabase } from '../../redact';

type Env = Record<string, string | undefined>;

const LOOPBACK = /^(localhost|.*\.localhost|127(\.\d{1,3}){3}|::1|)$/i;
const PRODUCTION_WORD = /(^|[^a-z])(prod|production|prd|live)([^a-z]|$)/i;

/**
 * Addresses of this machine's own interfaces. A container engine publishes ports on its bridge
 * gateway (docker0, 172.17.0.1 by default), and Testcontainers hands out that address when it runs
 * inside a container: a database there is on this machine, not in production.
 */
function ownAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .map((address) => address.address.toLowerCase());
}

function isThisMachine(host: string, env: Env): boolean {
  const extra = (env.LOCAL_DATABASE_HOSTS ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const lower = host.toLowerCase();
  return LOOPBACK.test(host) || host.startsWith('/') || extra.includes(lower) || ownAddresses().includes(lower);
}

/**
 * Why a database looks like production, one reason each, or none. A database on another machine
 * counts: the URL a newcomer points the backup docs at is rarely named "prod". An address of one of
 * this machine's interfaces is this machine. LOCAL_DATABASE_HOSTS lists more host names that are not
 * production (a compose service, a dev VM).
 */
export function productionSignals(url: string, env: Env = process.env): string[] {
  const parsed = new URL(url);
  const host = decodeURIComponent(parsed.hostname).replace(/^\[|\]$/g, '');
  const signals: string[] = [];
  if (env.NODE_ENV === 'production') signals.push('NODE_ENV is production');
  if (!isThisMachine(host, env)) signals.push(`its host ${host} is not this machine`);
  const named = [host, databaseName(url), decodeURIComponent(parsed.username)].find((name) => PRODUCTION_WORD.test(name));
  if (named) signals.push(`its name "${named}" says production`);
  return signals;
}

/**
 * Refuses (exit 4) to let a dangerous command (`db-seed`, `restore`, `baseline`) touch a database
 * that looks like production, unless the person said --yes.
 */
export function assertNotProduction(options: { url: string; action: string; yes: boolean; env?: Env }): void {
  if (options.yes) return;
  const signals = productionSignals(options.url, options.env);
  if (signals.length === 0) return;
  throw new CliError(
    `refusing to ${options.action} ${describeDatabase(options.url)}: it looks like production (${signals.join('; ')}). ` +
      'If this is the database you mean, run the command again with --yes.',
    EXIT_CODES.refused,
    { signals },
  );
}
