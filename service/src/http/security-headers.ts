import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's headers, worked out once. With static options helmet sets the same headers on every
 * response through a dozen small middlewares; capturing them at start and setting them in one
 * loop keeps helmet as the single source of the policy at a fraction of the per-request cost.
 */
export function securityHeaders(options?: Readonly<HelmetOptions>): RequestHandler {
  const headers: Array<[string, string]> = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  let finished = false;
  helmet(options)({} as never, recorder as never, () => (finished = true));
  if (!finished) throw new Error('helmet did not finish synchronously; its options must be static to be precomputed');
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
