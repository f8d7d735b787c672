import type { Response } from 'express';

/**
 * res.json's answer for a JSON body, without its detours. Express turns a body of 1000 or more
 * characters into a Buffer (a copy, and headers and body then leave in two chunks, a writev),
 * parses and rebuilds the Content-Type to add the charset, and checks freshness. This sends
 * the same bytes and headers as one string write. The app sets no `json replacer`, `json
 * spaces` or `json escape`, and no ETag, so JSON.stringify is what res.json would run. A
 * conditional request (If-None-Match, If-Modified-Since) still goes through res.json, whose
 * freshness check may answer 304.
 */
export function sendJson(res: Response, body: unknown, status = 200): void {
  const { headers, method } = res.req;
  if (headers['if-none-match'] !== undefined || headers['if-modified-since'] !== undefined) {
    res.status(status).json(body);
    return;
  }
  const json = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  // Express answers HEAD through the GET route; like res.send, it gets the headers only.
  res.end(method === 'HEAD' ? undefined : json);
}
